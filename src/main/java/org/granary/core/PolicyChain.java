package org.granary.core;

import java.time.Instant;
import java.util.List;

/**
 * The policies that apply to what one member serves through the repository asked: the requested repository's, any
 * group's on the way, and the member's own (only those that can refuse anything). A version passes when every one of
 * them passes it; the first refusal is the verdict.
 */
public record PolicyChain(List<GuardPolicy> policies) {

    public PolicyChain {
        policies = List.copyOf(policies);
    }

    public Verdict judge(String packageName, String version, Instant releasedAt, Instant now) {
        Verdict last = null;
        for (GuardPolicy p : policies) {
            Verdict v = p.judge(packageName, version, releasedAt, now);
            if (!v.passes()) {
                return v;
            }
            if (last == null || v.wantsReleaseTime()) {
                last = v;
            }
        }
        return last;
    }
}
