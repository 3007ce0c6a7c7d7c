package dev.sandbox.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeClassRulesTest {

    static NetworkVolumeClass cls(String name, NetworkVolumeClassSpec spec) {
        NetworkVolumeClass c = new NetworkVolumeClass();
        c.setMetadata(new ObjectMetaBuilder().withName(name).build());
        c.setSpec(spec);
        return c;
    }

    static NetworkVolumeClassSpec driver(Map<String, String> options, boolean trusted) {
        NetworkVolumeClassSpec spec = new NetworkVolumeClassSpec();
        spec.setType(VolumeClassType.Driver);
        spec.setOptions(options);
        spec.setAllowHostPaths(trusted);
        return spec;
    }

    @Test
    void hostBindsInAClassNeedTheAdministratorsTrust() {
        Map<String, String> etc = Map.of("type", "none", "o", "bind", "device", "/etc");
        assertThat(VolumeClassRules.validateClass(driver(etc, false)))
                .extracting(FieldError::field)
                .contains("spec.options.type", "spec.options.o", "spec.options.device");
        assertThat(VolumeClassRules.validateClass(driver(etc, true))).isEmpty();
        assertThat(VolumeClassRules.validateClass(driver(Map.of("type", "ext4", "device", "/dev/sda1"), false)))
                .extracting(FieldError::field)
                .containsExactly("spec.options.device");
        assertThat(VolumeClassRules.validateClass(
                        driver(Map.of("type", "nfs", "o", "addr=10.0.0.1,rw", "device", ":/export"), false)))
                .isEmpty();
        assertThat(VolumeClassRules.validateClass(driver(Map.of("o", "rbind,ro"), false)))
                .isNotEmpty();
    }

    @Test
    void diskClassesHaveSaneBoundsAndNoOptions() {
        NetworkVolumeClassSpec disk = new NetworkVolumeClassSpec();
        assertThat(VolumeClassRules.validateClass(disk)).isEmpty();
        disk.setMaxSize("8m");
        assertThat(VolumeClassRules.validateClass(disk))
                .extracting(FieldError::field)
                .contains("spec.maxSize");
        NetworkVolumeClassSpec withOptions = new NetworkVolumeClassSpec();
        withOptions.setOptions(Map.of("type", "none"));
        assertThat(VolumeClassRules.validateClass(withOptions))
                .extracting(FieldError::field)
                .containsExactly("spec.options");
    }

    @Test
    void aVolumeNamesAClassAndASizeWithinItsBoundsAndNothingElse() {
        NetworkVolumeClassSpec spec = new NetworkVolumeClassSpec();
        spec.setMaxSize("2g");
        NetworkVolumeClass local = cls("local", spec);
        NetworkVolumeSpec volume = new NetworkVolumeSpec();
        assertThat(VolumeClassRules.validateVolume(volume, local)).isEmpty();
        assertThat(VolumeClassRules.sizeBytes(volume, spec)).isEqualTo(1L << 30);
        volume.setSize("3g");
        assertThat(VolumeClassRules.validateVolume(volume, local))
                .extracting(FieldError::field)
                .containsExactly("size");
        volume.setSize("512m");
        assertThat(VolumeClassRules.validateVolume(volume, local)).isEmpty();
        assertThat(VolumeClassRules.validateVolume(volume, null))
                .extracting(FieldError::field)
                .containsExactly("className");
        volume.setMountPath("/etc/x");
        assertThat(VolumeClassRules.validateVolume(volume, local))
                .extracting(FieldError::field)
                .containsExactly("mountPath");
    }

    @Test
    void engineOptionsWrittenIntoAVolumeWithKubectlAreNamedNotIgnored() {
        NetworkVolumeSpec smuggled = Serialization.unmarshal(
                "{\"driver\": \"local\", \"driverOptions\": {\"type\": \"none\", \"o\": \"bind\","
                        + " \"device\": \"/etc\"}, \"size\": \"1g\"}",
                NetworkVolumeSpec.class);
        List<FieldError> errors = VolumeClassRules.validateVolume(smuggled, cls("local", new NetworkVolumeClassSpec()));
        assertThat(errors).extracting(FieldError::field).containsExactly("driver", "driverOptions");
        // Nothing of it is written back: the operator never turns it into an option.
        assertThat(Serialization.asJson(smuggled)).doesNotContain("/etc").doesNotContain("driverOptions");
    }

    @Test
    void aClassOfTypeDriverTakesNoSize() {
        NetworkVolumeSpec volume = new NetworkVolumeSpec();
        volume.setSize("1g");
        assertThat(VolumeClassRules.validateVolume(
                        volume, cls("nfs", driver(Map.of("type", "nfs", "device", ":/x"), false))))
                .extracting(FieldError::field)
                .containsExactly("size");
    }
}
