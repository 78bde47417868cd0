package org.granary.format.maven;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.granary.core.InvalidRequestException;
import org.granary.core.PrefetchFormat;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The artifacts a Maven prefetch names: a POM's {@code <dependencies>} (and {@code <dependencyManagement>}'s), with
 * {@code ${…}} taken from its {@code <properties>} and its own version, or a plain list of coordinates, one per line:
 * {@code group:artifact:version}, {@code group:artifact:packaging:version} or
 * {@code group:artifact:packaging:classifier:version}. Dependencies without a version (managed by a parent Granary
 * does not read) are refused with their names. Transitive dependencies are not resolved: list them (for example
 * the output of {@code mvn dependency:list}).
 */
public final class MavenList {

    /** The file a {@link PrefetchFormat.LockedFile} names: {@code <packaging>} or {@code <packaging>:<classifier>}. */
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern COORDINATE = Pattern.compile("[A-Za-z0-9_.-]+");

    private MavenList() {
    }

    public static List<PrefetchFormat.Wanted> parse(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8).strip();
        return text.startsWith("<") ? pom(file) : coordinates(text);
    }

    private static List<PrefetchFormat.Wanted> coordinates(String text) {
        Map<String, PrefetchFormat.Wanted> out = new LinkedHashMap<>();
        int number = 0;
        for (String raw : text.split("\n")) {
            number++;
            String line = raw.replaceAll("#.*$", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            // mvn dependency:list writes g:a:packaging[:classifier]:version:scope
            line = line.replaceFirst(":(compile|runtime|test|provided|system|import)(\\s.*)?$", "");
            String[] p = line.split(":");
            for (String part : p) {
                if (!COORDINATE.matcher(part).matches()) {
                    throw new InvalidRequestException("line " + number + " ('" + raw.strip() + "') is not "
                            + "group:artifact:version (or group:artifact:packaging[:classifier]:version)");
                }
            }
            switch (p.length) {
                case 3 -> add(out, p[0], p[1], p[2], "jar", null);
                case 4 -> add(out, p[0], p[1], p[3], p[2], null);
                case 5 -> add(out, p[0], p[1], p[4], p[2], p[3]);
                default -> throw new InvalidRequestException("line " + number + " ('" + raw.strip() + "') is not "
                        + "group:artifact:version (or group:artifact:packaging[:classifier]:version)");
            }
        }
        return new ArrayList<>(out.values());
    }

    private static List<PrefetchFormat.Wanted> pom(byte[] file) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(file));
        } catch (Exception e) {
            throw new InvalidRequestException("the POM is not well-formed XML: " + e.getMessage());
        }
        Element project = doc.getDocumentElement();
        if (!"project".equals(project.getLocalName() != null ? project.getLocalName() : project.getTagName())) {
            throw new InvalidRequestException("this is not a POM: its root element is <" + project.getTagName() + ">");
        }
        Map<String, String> props = new HashMap<>();
        child(project, "properties").ifPresent(ps -> children(ps).forEach(p -> props.put(name(p), p.getTextContent().strip())));
        Optional<Element> parent = child(project, "parent");
        String version = text(project, "version").or(() -> parent.flatMap(pe -> text(pe, "version"))).orElse(null);
        String groupId = text(project, "groupId").or(() -> parent.flatMap(pe -> text(pe, "groupId"))).orElse(null);
        if (version != null) {
            props.put("project.version", version);
            props.put("version", version);
        }
        if (groupId != null) {
            props.put("project.groupId", groupId);
        }
        Map<String, PrefetchFormat.Wanted> out = new LinkedHashMap<>();
        List<String> unversioned = new ArrayList<>();
        List<Element> sections = new ArrayList<>();
        child(project, "dependencies").ifPresent(sections::add);
        child(project, "dependencyManagement").flatMap(dm -> child(dm, "dependencies")).ifPresent(sections::add);
        for (Element deps : sections) {
            for (Element d : children(deps)) {
                if (!"dependency".equals(name(d))) {
                    continue;
                }
                String g = resolve(text(d, "groupId").orElse(""), props);
                String a = resolve(text(d, "artifactId").orElse(""), props);
                Optional<String> v = text(d, "version").map(s -> resolve(s, props));
                String type = text(d, "type").map(s -> resolve(s, props)).orElse("jar");
                String classifier = text(d, "classifier").map(s -> resolve(s, props)).orElse(null);
                if ("import".equals(text(d, "scope").orElse("")) && "pom".equals(type)) {
                    classifier = null; // a BOM: only its POM
                }
                if (v.isEmpty() || v.get().contains("${") || v.get().startsWith("[") || v.get().startsWith("(")) {
                    unversioned.add(g + ":" + a + v.map(x -> ":" + x).orElse(""));
                    continue;
                }
                add(out, g, a, v.get(), type, classifier);
            }
        }
        if (!unversioned.isEmpty()) {
            throw new InvalidRequestException("these dependencies have no exact version in the POM itself (a parent, a "
                    + "range or an unknown property): " + String.join(", ", unversioned)
                    + "; list them as group:artifact:version instead");
        }
        return new ArrayList<>(out.values());
    }

    private static void add(Map<String, PrefetchFormat.Wanted> out, String g, String a, String v, String packaging,
                            String classifier) {
        String file = classifier == null ? packaging : packaging + ":" + classifier;
        PrefetchFormat.Wanted w = out.get(g + ":" + a + ":" + v);
        List<PrefetchFormat.LockedFile> files = new ArrayList<>(w == null ? List.of() : w.files());
        if (files.stream().noneMatch(f -> f.name().equals(file))) {
            files.add(new PrefetchFormat.LockedFile(file, Optional.empty()));
        }
        out.put(g + ":" + a + ":" + v, new PrefetchFormat.Wanted(g + ":" + a, v, files));
    }

    private static String resolve(String value, Map<String, String> props) {
        Matcher m = PROPERTY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(props.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString().strip();
    }

    private static String name(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) nodes.item(i));
            }
        }
        return out;
    }

    private static Optional<Element> child(Element e, String name) {
        return children(e).stream().filter(c -> name.equals(name(c))).findFirst();
    }

    private static Optional<String> text(Element e, String name) {
        return child(e, name).map(c -> c.getTextContent().strip()).filter(s -> !s.isEmpty());
    }
}
