package org.granary.format.winget;

import java.util.Comparator;

/**
 * Package versions in winget's order: dot-separated parts compared one by one, each by its leading number and then
 * by the text after it; missing parts count as zero ({@code 1.2 == 1.2.0 < 1.10}). A part with text sorts before
 * the same number without ({@code 1.0-beta < 1.0}).
 */
public final class WingetVersionOrder implements Comparator<String> {

    public static final WingetVersionOrder INSTANCE = new WingetVersionOrder();

    private WingetVersionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        String[] pa = strip(a).split("\\.", -1);
        String[] pb = strip(b).split("\\.", -1);
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            String x = i < pa.length ? pa[i] : "0";
            String y = i < pb.length ? pb[i] : "0";
            int c = comparePart(x, y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String strip(String v) {
        String t = v.trim();
        return t.startsWith("v") || t.startsWith("V") ? t.substring(1) : t;
    }

    private static int comparePart(String x, String y) {
        int nx = digits(x);
        int ny = digits(y);
        int c = compareNumbers(x.substring(0, nx), y.substring(0, ny));
        if (c != 0) {
            return c;
        }
        String rx = x.substring(nx);
        String ry = y.substring(ny);
        if (rx.isEmpty() != ry.isEmpty()) {
            return rx.isEmpty() ? 1 : -1;
        }
        return rx.compareToIgnoreCase(ry);
    }

    private static int digits(String s) {
        int n = 0;
        while (n < s.length() && Character.isDigit(s.charAt(n))) {
            n++;
        }
        return n;
    }

    private static int compareNumbers(String x, String y) {
        String a = x.replaceFirst("^0+(?=.)", "");
        String b = y.replaceFirst("^0+(?=.)", "");
        if (a.isEmpty()) {
            a = "0";
        }
        if (b.isEmpty()) {
            b = "0";
        }
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
