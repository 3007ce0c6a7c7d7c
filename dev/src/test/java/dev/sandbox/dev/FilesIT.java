package dev.sandbox.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.crd.DesiredState;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.db.ApiKeys;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files API end to end: gateway, node agent, the workspace volume of a real container. */
class FilesIT {
    static final String IMAGE = "sandbox-busybox:local";

    @TempDir
    static Path home;

    static DevStack stack;
    static Rest rest;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevSettings.forTests(
                home, "files-" + UUID.randomUUID().toString().substring(0, 6)));
        rest = new Rest(stack.gatewayUrl(), stack.apiKey());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static String newSandbox() {
        Rest.Answer created = rest.post("/v1/sandboxes?wait=true", "{\"image\": \"" + IMAGE + "\"}");
        assertThat(created.body().path("phase").asText()).as(created.raw()).isEqualTo("Running");
        return created.body().get("id").asText();
    }

    static String files(String id) {
        return "/v1/sandboxes/" + id + "/volumes/workspace";
    }

    static String q(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .header("Authorization", "Bearer " + stack.apiKey())
                .timeout(Duration.ofMinutes(2));
    }

    static HttpResponse<String> put(String path, byte[] body) throws Exception {
        return http.send(
                request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postBytes(String path, byte[] body, String contentType) throws Exception {
        return http.send(
                request(path)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(
                request(path)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String sh(String id, String command) {
        Rest.Answer answer = rest.post(
                "/v1/sandboxes/" + id + "/exec",
                Rest.JSON.createObjectNode().put("command", command).toString());
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body().get("stdout").asText()
                + answer.body().get("stderr").asText();
    }

    static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Test
    void directoriesAndFilesRoundTripAndBelongToTheSandboxUser() throws Exception {
        String id = newSandbox();
        Rest.Answer mkdir = rest.post(files(id) + "/directories?path=" + q("src/main"), "");
        assertThat(mkdir.status()).as(mkdir.raw()).isEqualTo(201);
        assertThat(rest.post(files(id) + "/directories?path=" + q("src/main"), "")
                        .status())
                .isEqualTo(200);

        HttpResponse<String> written = put(
                files(id) + "/file?path=" + q("src/main/hello.txt"), "hello files\n".getBytes(StandardCharsets.UTF_8));
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
        assertThat(Rest.JSON.readTree(written.body()).get("size").asLong()).isEqualTo(12);

        JsonNode listing = rest.get(files(id) + "/files?path=" + q("src/main")).body();
        JsonNode entry = listing.get("entries").get(0);
        assertThat(entry.get("name").asText()).isEqualTo("hello.txt");
        assertThat(entry.get("type").asText()).isEqualTo("file");
        assertThat(entry.get("size").asLong()).isEqualTo(12);
        assertThat(entry.get("mode").asText()).isEqualTo("0644");
        assertThat(entry.get("modifiedAt").asText()).isNotBlank();
        assertThat(rest.get(files(id) + "/files").body().get("entries").findValuesAsText("name"))
                .contains("src");

        assertThat(new String(
                        get(files(id) + "/file?path=" + q("src/main/hello.txt")).body(), StandardCharsets.UTF_8))
                .isEqualTo("hello files\n");
        // The sandbox's own user owns what the API wrote, and can change it.
        assertThat(
                        sh(
                                id,
                                "stat -c %u:%g /workspace/src/main/hello.txt /workspace/src; echo more >> /workspace/src/main/hello.txt && echo ok"))
                .isEqualTo("1000:1000\n1000:1000\nok\n");

        Rest.Answer moved =
                rest.post(files(id) + "/rename", "{\"from\": \"src/main/hello.txt\", \"to\": \"docs/moved.txt\"}");
        assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
        assertThat(sh(id, "cat /workspace/docs/moved.txt")).isEqualTo("hello files\nmore\n");
        put(files(id) + "/file?path=" + q("docs/other.txt"), "x".getBytes(StandardCharsets.UTF_8));
        assertThat(rest.post(files(id) + "/rename", "{\"from\": \"docs/other.txt\", \"to\": \"docs/moved.txt\"}")
                        .status())
                .isEqualTo(409);
        assertThat(rest.post(
                                files(id) + "/rename",
                                "{\"from\": \"docs/other.txt\", \"to\": \"docs/moved.txt\", \"overwrite\": true}")
                        .status())
                .isEqualTo(200);

        assertThat(send("DELETE", files(id) + "/file?path=docs").statusCode()).isEqualTo(409);
        assertThat(send("DELETE", files(id) + "/file?path=docs&recursive=true").statusCode())
                .isEqualTo(204);
        assertThat(send("DELETE", files(id) + "/file?path=docs").statusCode()).isEqualTo(404);
        assertThat(get(files(id) + "/file?path=nothing-here").statusCode()).isEqualTo(404);
        assertThat(rest.get(files(id) + "/files?path=src/main").body().get("entries"))
                .isEmpty();
        assertThat(rest.get("/v1/sandboxes/" + id + "/volumes/no-such-volume/files")
                        .status())
                .isEqualTo(404);
    }

    /** A repeatable stream of pseudo-random bytes, so 100 MB never sit in memory. */
    static InputStream randomBytes(long size, long seed) {
        Random random = new Random(seed);
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? random.nextInt(256) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        };
    }

    static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream d = new DigestInputStream(in, digest)) {
            d.transferTo(OutputStreamSink.INSTANCE);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Discards bytes. */
    static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }

    @Test
    void hundredMegabytesUpAndDownWithMatchingChecksums() throws Exception {
        String id = newSandbox();
        long size = 100L * 1024 * 1024;
        String expected = sha256(randomBytes(size, 42));

        HttpResponse<String> wrong = http.send(
                request(files(id) + "/upload?path=big.bin&sha256=" + "0".repeat(64))
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> randomBytes(size, 42)), size))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
        assertThat(Rest.JSON.readTree(wrong.body()).path("error").path("field").asText())
                .isEqualTo("sha256");
        assertThat(get(files(id) + "/file?path=big.bin").statusCode()).isEqualTo(404);

        HttpResponse<String> uploaded = http.send(
                request(files(id) + "/upload?path=data/big.bin&sha256=" + expected)
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> randomBytes(size, 42)), size))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode result = Rest.JSON.readTree(uploaded.body());
        assertThat(result.get("size").asLong()).isEqualTo(size);
        assertThat(result.get("sha256").asText()).isEqualTo(expected);

        HttpResponse<InputStream> download = http.send(
                request(files(id) + "/file?path=data/big.bin").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValueAsLong("Content-Length").orElse(-1))
                .isEqualTo(size);
        assertThat(sha256(download.body())).isEqualTo(expected);
        assertThat(sh(id, "sha256sum /workspace/data/big.bin")).startsWith(expected);
    }

    @Test
    void multipartUploadsKeepTheFileNameInADirectory() throws Exception {
        String id = newSandbox();
        rest.post(files(id) + "/directories?path=inbox", "");
        String boundary = "sandbox-boundary-1234";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\na,b\n1,2\n\r\n--" + boundary + "--\r\n";
        HttpResponse<String> answer = postBytes(
                files(id) + "/upload?path=inbox",
                body.getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=" + boundary);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(Rest.JSON.readTree(answer.body()).get("path").asText()).isEqualTo("inbox/report.csv");
        assertThat(sh(id, "cat /workspace/inbox/report.csv")).isEqualTo("a,b\n1,2\n");
    }

    @Test
    void everyTraversalIsRefusedAndNothingOutsideTheVolumeIsTouched() throws Exception {
        String id = newSandbox();
        sh(
                id,
                "mkdir -p /workspace/inside && echo secret-inside > /workspace/inside/s.txt"
                        + " && ln -s /etc /workspace/etc-link && ln -s ../../../../../../ /workspace/up && ln -s /workspace/../etc /workspace/sneaky"
                        + " && ln -s /workspace/inside /workspace/inner && ln -s inside/s.txt /workspace/relative");
        String marker = "sandbox-escape-" + UUID.randomUUID();
        List<String> badPaths = List.of(
                "..",
                "../x",
                "a/../../x",
                "/etc/passwd",
                "/workspace/x",
                "a%00b",
                "x".repeat(256),
                "etc-link/passwd",
                "up/etc/passwd",
                "sneaky/passwd",
                "etc-link/" + marker);
        for (String bad : badPaths) {
            String path = bad.contains("%00") ? bad : q(bad);
            assertThat(get(files(id) + "/file?path=" + path).statusCode())
                    .as("read %s", bad)
                    .isEqualTo(400);
            assertThat(rest.get(files(id) + "/files?path=" + path).status())
                    .as("list %s", bad)
                    .isEqualTo(400);
            assertThat(put(files(id) + "/file?path=" + path, "pwned".getBytes(StandardCharsets.UTF_8))
                            .statusCode())
                    .as("write %s", bad)
                    .isEqualTo(400);
            assertThat(postBytes(
                                    files(id) + "/upload?path=" + path,
                                    "pwned".getBytes(StandardCharsets.UTF_8),
                                    "application/octet-stream")
                            .statusCode())
                    .as("upload %s", bad)
                    .isEqualTo(400);
            assertThat(rest.post(files(id) + "/directories?path=" + path, "").status())
                    .as("mkdir %s", bad)
                    .isEqualTo(400);
            assertThat(send("DELETE", files(id) + "/file?path=" + path + "/x").statusCode())
                    .as("delete %s", bad)
                    .isEqualTo(400);
        }
        for (String bad : List.of("../x", "/etc/passwd", "etc-link/hosts")) {
            Rest.Answer moveOut =
                    rest.post(files(id) + "/rename", "{\"from\": \"inside/s.txt\", \"to\": \"" + bad + "\"}");
            assertThat(moveOut.status()).as("rename to %s", bad).isEqualTo(400);
            assertThat(moveOut.error().get("field").asText()).isEqualTo("to");
            Rest.Answer moveIn = rest.post(files(id) + "/rename", "{\"from\": \"" + bad + "\", \"to\": \"stolen\"}");
            assertThat(moveIn.status()).as("rename from %s", bad).isEqualTo(400);
        }
        assertThat(Files.exists(Path.of("/etc", marker))).isFalse();
        assertThat(Files.exists(Path.of("/etc/x"))).isFalse();
        Rest.Answer error = rest.get(files(id) + "/files?path=etc-link");
        assertThat(error.error().get("field").asText()).isEqualTo("path");
        assertThat(error.error().get("message").asText()).contains("outside the volume");
        // Links that stay inside are followed.
        assertThat(new String(get(files(id) + "/file?path=inner/s.txt").body(), StandardCharsets.UTF_8))
                .isEqualTo("secret-inside\n");
        assertThat(new String(get(files(id) + "/file?path=relative").body(), StandardCharsets.UTF_8))
                .isEqualTo("secret-inside\n");
        // Deleting a link removes the link, never what it points to.
        assertThat(send("DELETE", files(id) + "/file?path=etc-link").statusCode())
                .isEqualTo(204);
        assertThat(Files.exists(Path.of("/etc/passwd"))).isTrue();
        JsonNode types = rest.get(files(id) + "/files").body().get("entries");
        assertThat(types.findValuesAsText("name")).doesNotContain("etc-link").contains("up", "inner");
    }

    @Test
    void archivesUnpackButZipSlipEntriesAreRefusedWholesale() throws Exception {
        String id = newSandbox();
        Map<String, String> good = new LinkedHashMap<>();
        good.put("app/", "");
        good.put("app/main.py", "print('hi')\n");
        good.put("app/lib/util.py", "X = 1\n");
        HttpResponse<String> unpacked =
                postBytes(files(id) + "/upload?path=project&extract=true", Archives.zip(good), "application/zip");
        assertThat(unpacked.statusCode()).as(unpacked.body()).isEqualTo(201);
        assertThat(Rest.JSON.readTree(unpacked.body()).get("entries").asInt()).isEqualTo(3);
        assertThat(
                        sh(
                                id,
                                "cat /workspace/project/app/main.py /workspace/project/app/lib/util.py; stat -c %u /workspace/project/app/lib/util.py"))
                .isEqualTo("print('hi')\nX = 1\n1000\n");
        HttpResponse<String> tar = postBytes(
                files(id) + "/upload?path=project&extract=true",
                Archives.tar(Map.of("app/from-tar.txt", "tarred\n")),
                "application/x-tar");
        assertThat(tar.statusCode()).as(tar.body()).isEqualTo(201);
        assertThat(sh(id, "cat /workspace/project/app/from-tar.txt; ls /workspace/project/app"))
                .isEqualTo("tarred\nfrom-tar.txt\nlib\nmain.py\n");

        List<byte[]> hostile = List.of(
                Archives.zip(Map.of("ok.txt", "fine", "../evil.txt", "evil")),
                Archives.zip(Map.of("ok.txt", "fine", "/abs-evil.txt", "evil")),
                Archives.zip(Map.of("ok.txt", "fine", "a/../../evil.txt", "evil")),
                Archives.zip(Map.of("ok.txt", "fine", "..\\evil.txt", "evil")),
                Archives.tar(Map.of("ok.txt", "fine", "../evil.txt", "evil")),
                Archives.tar(Map.of("ok.txt", "fine", "/abs-evil.txt", "evil")));
        for (byte[] archive : hostile) {
            HttpResponse<String> refused =
                    postBytes(files(id) + "/upload?path=target&extract=true", archive, "application/octet-stream");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("archive entry");
        }
        assertThat(rest.get(files(id) + "/files").body().get("entries").findValuesAsText("name"))
                .doesNotContain("target", "evil.txt");
        assertThat(sh(id, "ls -a /workspace")).doesNotContain("evil");
        assertThat(postBytes(
                                files(id) + "/upload?path=target&extract=true",
                                "not an archive".getBytes(StandardCharsets.UTF_8),
                                "application/octet-stream")
                        .statusCode())
                .isEqualTo(400);

        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i <= 10_000; i++) {
            many.put("f" + i, "");
        }
        HttpResponse<String> tooMany =
                postBytes(files(id) + "/upload?path=many&extract=true", Archives.zip(many), "application/zip");
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(413);
        assertThat(rest.get(files(id) + "/files").body().get("entries").findValuesAsText("name"))
                .doesNotContain("many");
    }

    @Test
    void exportsAFolderAsAZipWhoseContentMatches() throws Exception {
        String id = newSandbox();
        sh(
                id,
                "mkdir -p /workspace/proj/src /workspace/proj/empty && printf 'alpha' > /workspace/proj/a.txt"
                        + " && printf 'beta\\n' > /workspace/proj/src/b.txt && ln -s /etc/passwd /workspace/proj/link");
        HttpResponse<byte[]> zip = get("/v1/sandboxes/" + id + "/export?path=" + q("/workspace/proj"));
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/zip");
        assertThat(zip.headers().firstValue("Content-Disposition").orElse("")).contains("proj.zip");
        assertThat(unzip(zip.body()))
                .isEqualTo(Map.of("a.txt", "alpha", "empty/", "", "src/", "", "src/b.txt", "beta\n"));

        Map<String, String> etc =
                unzip(get("/v1/sandboxes/" + id + "/export?path=/etc").body());
        assertThat(etc.get("passwd")).contains("sandbox:x:1000");

        assertThat(get("/v1/sandboxes/" + id + "/export?path=workspace").statusCode())
                .isEqualTo(400);
        assertThat(get("/v1/sandboxes/" + id + "/export?path=" + q("/workspace/../etc"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(get("/v1/sandboxes/" + id + "/export?path=/no/such/dir").statusCode())
                .isEqualTo(404);
    }

    @Test
    void filesWorkWhileTheSandboxIsStopped() throws Exception {
        String id = newSandbox();
        put(files(id) + "/file?path=keep.txt", "kept\n".getBytes(StandardCharsets.UTF_8));
        Sandbox resource = stack.kubernetesClient()
                .resources(Sandbox.class)
                .inNamespace(DevStack.NAMESPACE)
                .withName(id)
                .get();
        resource.getSpec().setDesiredState(DesiredState.Stopped);
        stack.kubernetesClient().resource(resource).update();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rest.get("/v1/sandboxes/" + id)
                        .body()
                        .path("phase")
                        .asText()
                        .equals("Stopped"));

        assertThat(new String(get(files(id) + "/file?path=keep.txt").body(), StandardCharsets.UTF_8))
                .isEqualTo("kept\n");
        assertThat(put(files(id) + "/file?path=written-while-stopped.txt", "later\n".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(200);
        assertThat(rest.get(files(id) + "/files").body().get("entries").findValuesAsText("name"))
                .contains("keep.txt", "written-while-stopped.txt");
        assertThat(unzip(get("/v1/sandboxes/" + id + "/export?path=/workspace").body()))
                .containsEntry("keep.txt", "kept\n");
        assertThat(unzip(get("/v1/sandboxes/" + id + "/export?path=/etc").body()))
                .containsKey("passwd");
        assertThat(rest.post("/v1/sandboxes/" + id + "/exec", "{\"command\": \"id\"}")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void anotherTenantCannotSeeTheFiles() throws Exception {
        String id = newSandbox();
        ApiKeys keys = new ApiKeys(stack.dataSource());
        keys.ensureTenant("neighbour", "Neighbour");
        Rest other = rest.withKey(keys.create("neighbour", "test"));
        assertThat(other.get(files(id) + "/files").status()).isEqualTo(404);
        assertThat(other.get(files(id) + "/file?path=x").status()).isEqualTo(404);
        assertThat(other.post(files(id) + "/directories?path=x", "").status()).isEqualTo(404);
        assertThat(other.get("/v1/sandboxes/" + id + "/export?path=/etc").status())
                .isEqualTo(404);
    }
}
