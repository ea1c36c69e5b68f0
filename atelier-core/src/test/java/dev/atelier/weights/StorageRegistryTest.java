package dev.atelier.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Persistent ids as the two .pth layouts write them, including the legacy layout's storage views. */
class StorageRegistryTest {
    private static final Path FILE = Path.of("old.pth");
    private static final TorchGlobal FLOAT_STORAGE = TorchGlobal.find("torch", "FloatStorage").orElseThrow();

    @Test
    void zipIdsReferToWholeStorages() {
        StorageSlice slice = new StorageRegistry(FILE).zipStorage(id("storage", FLOAT_STORAGE, "0", "cpu", 6L));

        assertThat(slice).isEqualTo(new StorageSlice(new StorageReference("0", ElementType.FLOAT32, 6), 0, 6));
    }

    @Test
    void legacyViewsReferToPartOfTheirRootStorage() {
        StorageRegistry registry = new StorageRegistry(FILE);

        StorageSlice view = registry.legacyStorage(
                id("storage", FLOAT_STORAGE, "140", "cuda:0", 10L, id("141", 4L, 3L)));

        assertThat(view.storage()).isEqualTo(new StorageReference("140", ElementType.FLOAT32, 10));
        assertThat(view.offset()).isEqualTo(4);
        assertThat(view.length()).isEqualTo(3);
        assertThat(registry.find("140")).isEqualTo(view.storage());
    }

    @Test
    void refusesViewsPastTheirRootStorage() {
        StorageRegistry registry = new StorageRegistry(FILE);

        assertThatThrownBy(() -> registry.legacyStorage(
                id("storage", FLOAT_STORAGE, "140", "cpu", 10L, id("141", 8L, 3L))))
                .isInstanceOf(BadInputException.class)
                .hasMessage(FILE + ": malformed state_dict pickle"
                        + " (a view of 3 elements from 8 in storage '140' of 10)");
    }

    @Test
    void refusesOneKeyDeclaredWithTwoSizes() {
        StorageRegistry registry = new StorageRegistry(FILE);
        registry.zipStorage(id("storage", FLOAT_STORAGE, "0", "cpu", 6L));

        assertThatThrownBy(() -> registry.zipStorage(id("storage", FLOAT_STORAGE, "0", "cpu", 7L)))
                .hasMessageContaining("storage '0' declared twice");
    }

    @Test
    void refusesStorageTypesThatAreNotStorageClasses() {
        TorchGlobal orderedDict = TorchGlobal.find("collections", "OrderedDict").orElseThrow();

        assertThatThrownBy(() -> new StorageRegistry(FILE).zipStorage(id("storage", orderedDict, "0", "cpu", 6L)))
                .hasMessageContaining("not a torch storage class");
    }

    private static PickleTuple id(Object... items) {
        return new PickleTuple(Arrays.asList(items));
    }
}
