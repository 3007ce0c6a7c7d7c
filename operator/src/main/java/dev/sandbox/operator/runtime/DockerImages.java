package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Images} on a Docker engine: inspect, pull, build from in-memory files. */
final class DockerImages implements Images {
    private static final Logger log = LoggerFactory.getLogger(DockerImages.class);
    /** The build output kept for an error message: the end of it, where the failure is. */
    private static final int BUILD_OUTPUT_MAX_CHARS = 256 * 1024;

    private final DockerEngine engine;
    private final DockerClient control;
    /**
     * The image's user as the last inspect told, for the steps of a create that follow right after: a few seconds at
     * most, so a re-tagged image is read afresh.
     */
    private final RecentFacts recent = new RecentFacts(Duration.ofSeconds(5));

    DockerImages(DockerEngine engine) {
        this.engine = engine;
        this.control = engine.control();
    }

    @Override
    public boolean ensureImage(String image) {
        if (imageExists(image)) {
            return false;
        }
        log.info("image {} is not on this node; pulling it", image);
        try {
            engine.streams()
                    .pullImageCmd(withDefaultTag(image))
                    .exec(new PullImageResultCallback())
                    .awaitCompletion(10, TimeUnit.MINUTES);
            engine.call("inspect image", () -> control.inspectImageCmd(image).exec());
            return true;
        } catch (NotFoundException | DockerClientException e) {
            throw notPulled(image, e);
        } catch (DockerException e) {
            if (e.getHttpStatus() >= 500 || e.getHttpStatus() == 404) {
                throw notPulled(image, e);
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while pulling " + image, e);
        }
    }

    private static ImageNotFoundException notPulled(String image, RuntimeException e) {
        return new ImageNotFoundException(
                "image " + image + " is not on the node and could not be pulled: "
                        + DockerEngine.firstLine(e.getMessage()),
                e);
    }

    @Override
    public boolean imageExists(String image) {
        try {
            var inspected = engine.call(
                    "inspect image", () -> control.inspectImageCmd(image).exec());
            recent.put(
                    userKey(image),
                    inspected.getConfig() == null || inspected.getConfig().getUser() == null
                            ? ""
                            : inspected.getConfig().getUser());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public String buildImage(String tag, Map<String, String> files, Map<String, String> labels) {
        StringBuilder output = new StringBuilder();
        BuildImageResultCallback callback = new BuildImageResultCallback() {
            @Override
            public void onNext(BuildResponseItem item) {
                synchronized (output) {
                    if (item.getStream() != null) {
                        output.append(item.getStream());
                    }
                    if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                        output.append(item.getErrorDetail().getMessage()).append('\n');
                    }
                    if (output.length() > BUILD_OUTPUT_MAX_CHARS) {
                        output.delete(0, output.length() - BUILD_OUTPUT_MAX_CHARS / 2);
                    }
                }
                super.onNext(item);
            }
        };
        try {
            engine.streams()
                    .buildImageCmd(new ByteArrayInputStream(TarFiles.write(files)))
                    .withTags(Set.of(tag))
                    .withLabels(labels)
                    .withRemove(true)
                    .withForcerm(true)
                    .exec(callback)
                    .awaitImageId(30, TimeUnit.MINUTES);
            synchronized (output) {
                return output.toString();
            }
        } catch (DockerClientException | DockerException e) {
            String buildLog;
            synchronized (output) {
                buildLog = output.toString();
            }
            throw new ImageBuildException(
                    "building image " + tag + " failed: " + DockerEngine.firstLine(e.getMessage()), buildLog, e);
        }
    }

    @Override
    public String imageUser(String image) {
        String known = recent.get(userKey(image));
        if (known != null) {
            return known;
        }
        var config = engine.call(
                        "inspect image", () -> control.inspectImageCmd(image).exec())
                .getConfig();
        return config == null || config.getUser() == null ? "" : config.getUser();
    }

    private static String userKey(String image) {
        return "image-user:" + image;
    }

    private static String withDefaultTag(String image) {
        int slash = image.lastIndexOf('/');
        String last = image.substring(slash + 1);
        return last.contains(":") || last.contains("@") ? image : image + ":latest";
    }
}
