package dev.atelier.training;

import dev.atelier.BadInputException;
import dev.atelier.io.ImageFiles;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A folder of training photos, read lazily: only file names are held, and each step decodes just
 * the images of its batch, so a folder of 100,000 photos costs no more memory than a folder of ten.
 * The held-out validation split, the order of each epoch and each crop are all derived from the
 * seed and the step number, so a resumed run sees exactly the batches it would have seen.
 */
public final class ImageDataset {
    private final Path folder;
    private final ImageLoader loader;
    private final List<Path> training;
    private final List<Path> validation;
    private final Set<Path> unreadable = new HashSet<>();
    private List<RgbImage> validationCrops;
    private int validationCropSize;

    private ImageDataset(Path folder, ImageLoader loader, List<Path> training, List<Path> validation) {
        this.folder = folder;
        this.loader = loader;
        this.training = training;
        this.validation = validation;
    }

    /** Finds every JPEG and PNG under {@code folder} (sub-folders too) and splits off the validation set. */
    public static ImageDataset scan(Path folder, ImageLoader loader, double validationFraction,
            int maximumValidationImages, long seed) {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(folder, Files.exists(folder) ? "is not a folder" : "no such folder");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile).filter(ImageFiles::looksLikeImage).sorted()
                    .toList());
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list the folder (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) {
            throw new BadInputException(folder, "holds no .jpg or .png images");
        }
        Collections.shuffle(files, new Random(seed));
        int validationCount = (int) Math.min(maximumValidationImages, Math.floor(files.size() * validationFraction));
        if (validationFraction > 0 && validationCount == 0 && files.size() >= 2) {
            validationCount = 1;
        }
        List<Path> validation = List.copyOf(files.subList(0, validationCount));
        List<Path> training = List.copyOf(files.subList(validationCount, files.size()));
        return new ImageDataset(folder, loader, training, validation);
    }

    public Path folder() {
        return folder;
    }

    public List<Path> trainingFiles() {
        return training;
    }

    public List<Path> validationFiles() {
        return validation;
    }

    /** Steps that make one pass over the training photos. */
    public int stepsPerEpoch(int batchSize) {
        return Math.max(1, training.size() / batchSize);
    }

    /**
     * The batch of a given step: square crops of {@code size}, randomly placed and flipped when
     * augmenting, else centred. Unreadable photos are skipped (reported once each through {@code
     * warnings}) and replaced by the next ones in the epoch's order.
     */
    public List<RgbImage> trainingBatch(long step, int batchSize, int size, int resizeSize, boolean augment,
            long seed, Consumer<String> warnings) {
        int perEpoch = stepsPerEpoch(batchSize);
        long epoch = step / perEpoch;
        int position = (int) (step % perEpoch);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < training.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        Random augmentation = new Random(seed ^ (step * 0x9E3779B97F4A7C15L));
        List<RgbImage> batch = new ArrayList<>();
        int cursor = position * batchSize;
        int attempts = 0;
        while (batch.size() < batchSize) {
            if (attempts++ >= training.size() + batchSize) {
                throw new BadInputException(folder, "no readable training images");
            }
            Path file = training.get(order.get(cursor % order.size()));
            cursor++;
            RgbImage image = tryRead(file, warnings);
            if (image != null) {
                batch.add(crop(image, size, resizeSize, augment, augmentation));
            }
        }
        return batch;
    }

    /** The validation photos as centred crops of {@code size}, decoded once and kept. */
    public List<RgbImage> validationImages(int size, int resizeSize, Consumer<String> warnings) {
        if (validationCrops == null || validationCropSize != size) {
            List<RgbImage> crops = new ArrayList<>();
            for (Path file : validation) {
                RgbImage image = tryRead(file, warnings);
                if (image != null) {
                    crops.add(crop(image, size, resizeSize, false, null));
                }
            }
            validationCrops = List.copyOf(crops);
            validationCropSize = size;
        }
        return validationCrops;
    }

    private RgbImage tryRead(Path file, Consumer<String> warnings) {
        if (unreadable.contains(file)) {
            return null;
        }
        try {
            return loader.read(file);
        } catch (BadInputException e) {
            unreadable.add(file);
            warnings.accept("skipping training image: " + e.getMessage());
            return null;
        }
    }

    /**
     * Shorter side scaled to {@code resizeSize} (as pytorch/examples' and the AdaIN code's Resize), then
     * a square crop of {@code size}.
     */
    static RgbImage crop(RgbImage image, int size, int resizeSize, boolean augment, Random random) {
        double scale = (double) resizeSize / Math.min(image.width(), image.height());
        int width = Math.max(resizeSize, (int) Math.round(image.width() * scale));
        int height = Math.max(resizeSize, (int) Math.round(image.height() * scale));
        RgbImage resized = Resampler.resizeTo(image, width, height);
        if (!augment) {
            return Resampler.centerCrop(resized, size, size);
        }
        RgbImage cropped = Resampler.randomCrop(resized, size, size, random);
        return random.nextBoolean() ? Resampler.flipHorizontal(cropped) : cropped;
    }
}
