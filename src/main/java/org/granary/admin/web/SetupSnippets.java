package org.granary.admin.web;

import java.util.ArrayList;
import java.util.List;
import org.granary.core.RepositoryInfo;

/**
 * How a client is pointed at a repository, with the URL the server is really reached at: what the repository
 * page shows under "Client set-up". The same commands as the README's, for one repository.
 */
public final class SetupSnippets {

    private SetupSnippets() {
    }

    /** One titled snippet: a command or a file's lines. */
    public record Snippet(String title, String text) {
    }

    /**
     * @param base the server's base URL without a trailing slash, e.g. {@code https://repo.example.com/granary}
     */
    public static List<Snippet> of(String base, RepositoryInfo r) {
        String url = base + "/" + r.name() + "/";
        boolean publishes = !r.isProxy();
        List<Snippet> s = new ArrayList<>();
        switch (r.format()) {
            case NPM -> {
                s.add(new Snippet("npm: install from it", "npm config set registry " + url));
                if (publishes) {
                    s.add(new Snippet("npm: publish to it", "npm login --auth-type=legacy --registry " + url
                            + "\nnpm publish --registry " + url));
                }
            }
            case PYPI -> {
                s.add(new Snippet("pip: install from it", "pip install --index-url " + url + "simple/ <package>"));
                s.add(new Snippet("pip.conf", "[global]\nindex-url = " + url + "simple/"));
                if (publishes) {
                    s.add(new Snippet("twine: upload to it", "twine upload --repository-url " + url
                            + " -u __token__ -p <token> dist/*"));
                }
            }
            case CARGO -> {
                s.add(new Snippet("~/.cargo/config.toml: use it instead of crates.io",
                        "[source.crates-io]\nreplace-with = \"" + r.name() + "\"\n\n[source." + r.name()
                                + "]\nregistry = \"sparse+" + url + "\""));
                if (publishes) {
                    s.add(new Snippet("~/.cargo/config.toml: publish to it", "[registries." + r.name()
                            + "]\nindex = \"sparse+" + url + "\"\ncredential-provider = \"cargo:token\""));
                    s.add(new Snippet("cargo: publish", "cargo login --registry " + r.name() + " <token>\ncargo publish "
                            + "--registry " + r.name()));
                }
            }
            case MAVEN -> {
                s.add(new Snippet("~/.m2/settings.xml: mirror", "<mirrors>\n  <mirror><id>granary</id><mirrorOf>*</mirrorOf>"
                        + "<url>" + url + "</url></mirror>\n</mirrors>"));
                if (publishes) {
                    s.add(new Snippet("pom.xml: deploy to it", "<distributionManagement>\n  <repository><id>granary</id><url>"
                            + url + "</url></repository>\n  <snapshotRepository><id>granary</id><url>" + url
                            + "</url></snapshotRepository>\n</distributionManagement>"));
                }
            }
            case GO -> s.add(new Snippet("go: use it as the module proxy", "go env -w GOPROXY=" + base + "/" + r.name()
                    + ",direct"));
            case WINGET -> {
                // WinGet repositories are not served yet (README "WinGet (in progress)"): no command that would fail.
            }
        }
        return s;
    }

    /** The command that installs one version of a package through {@code r}; empty where there is none to give. */
    public static String install(String base, RepositoryInfo r, String name, String version) {
        String url = base + "/" + r.name() + "/";
        return switch (r.format()) {
            case NPM -> "npm install " + name + "@" + version + " --registry " + url;
            case PYPI -> "pip install --index-url " + url + "simple/ " + name + "==" + version;
            case CARGO -> "cargo add " + name + "@" + version + " --registry " + r.name();
            case MAVEN -> "mvn dependency:get -Dartifact=" + name + ":" + version + " -DremoteRepositories=" + url;
            case GO -> "GOPROXY=" + base + "/" + r.name() + " go get " + name + "@" + version;
            case WINGET -> "";
        };
    }
}
