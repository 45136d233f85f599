package org.poq.app.doctor;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a native library came from. An installed app passes each library's folder as a system
 * property (see installers/), so nothing is unpacked into a temp folder at run time: a temp folder
 * mounted noexec, or cleaned while the app runs, breaks the load, and the copies pile up.
 */
record NativeSource(boolean packaged, String text, String problem) {
    static NativeSource of(DoctorContext ctx, String property, String fileName) {
        String dir = ctx.property(property);
        if (dir == null) {
            return new NativeSource(false, "unpacked from its jar at run time (-D" + property + " not set)", null);
        }
        Path file = Path.of(dir, fileName);
        if (Files.isRegularFile(file)) {
            return new NativeSource(true, "from " + file, null);
        }
        return new NativeSource(false, "unpacked from its jar at run time",
                "-D" + property + "=" + dir + " has no " + fileName);
    }

    /** The tokenizer's binding takes a library file, not a folder, and from the environment as well. */
    static NativeSource ofFile(DoctorContext ctx, String key) {
        String file = ctx.envVar(key) != null ? ctx.envVar(key) : ctx.property(key);
        if (file == null) {
            return new NativeSource(false, "unpacked from its jar into the DJL cache (" + key + " not set)", null);
        }
        if (Files.isRegularFile(Path.of(file))) {
            return new NativeSource(true, "from " + file, null);
        }
        return new NativeSource(false, "unpacked from its jar", key + "=" + file + " does not exist");
    }

    String describe() {
        return problem == null ? text : text + "; " + problem;
    }
}
