package org.poq.miner.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.miner.engine.LlamaLibraries;

/**
 * The Java struct layouts against the C compiler's, for the llama.h of the exact llama.cpp the
 * libraries were built from: gcc compiles offsetof/sizeof of every field, and a program linked to the
 * real libllama prints the library's default parameters field by field, which must read the same
 * through JNA. A llama.cpp update that moves, adds or retypes a field fails here, not with a crash.
 */
class LlamaLayoutTest {
    private static final List<LlamaStruct> STRUCTS = List.of(new LlamaModelParams(), new LlamaContextParams(),
            new LlamaSamplerChainParams(), new LlamaBatch(), new LlamaChatMessage(), new LlamaPerfContextData());

    private static Map<String, String> fromC;
    private static LlamaApi api;

    @BeforeAll
    static void compileAndRun(@TempDir Path tmp) throws IOException, InterruptedException {
        Path src = LlamaSource.dir();
        Path libDir = LlamaLibraries.locate();
        Path lib = LlamaLibraries.llamaLibrary(libDir).orElseThrow();
        Path c = Files.writeString(tmp.resolve("layout.c"), program(), StandardCharsets.UTF_8);
        Path exe = tmp.resolve("layout");
        run(tmp, "gcc", "-std=c11", "-o", exe.toString(), c.toString(), "-I" + src.resolve("include"),
                "-I" + src.resolve("ggml/include"), lib.toString(), "-Wl,-rpath," + libDir);
        fromC = new LinkedHashMap<>();
        for (String line : run(tmp, exe.toString()).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fromC.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        api = Native.load(lib.toString(), LlamaApi.class);
    }

    @Test
    void everyStructHasTheCompilersSizeAndOffsets() {
        for (LlamaStruct s : STRUCTS) {
            assertThat(String.valueOf(s.size())).as("sizeof(%s)", s.cName()).isEqualTo(fromC.get("sizeof." + s.cName()));
            s.offsets().forEach((field, offset) -> assertThat(String.valueOf(offset))
                    .as("offsetof(%s, %s)", s.cName(), field).isEqualTo(fromC.get("offsetof." + s.cName() + "." + field)));
        }
    }

    /** offsetof cannot see a field the Java side lacks: the member names are read from llama.h itself. */
    @Test
    void everyStructHasExactlyTheMembersOfLlamaH() throws IOException, InterruptedException {
        String header = Files.readString(LlamaSource.dir().resolve("include/llama.h"), StandardCharsets.UTF_8)
                .replaceAll("//[^\n]*", "").replaceAll("(?s)/\\*.*?\\*/", "");
        for (LlamaStruct s : STRUCTS) {
            Matcher m = Pattern.compile("struct " + s.cName() + "\\s*\\{([^}]*)\\}").matcher(header);
            assertThat(m.find()).as("struct %s in llama.h", s.cName()).isTrue();
            List<String> members = new ArrayList<>();
            Matcher member = Pattern.compile("([A-Za-z_][A-Za-z_0-9]*)\\s*;").matcher(m.group(1));
            while (member.find()) {
                members.add(member.group(1));
            }
            assertThat(s.offsets().keySet()).as("members of %s", s.cName()).containsExactlyElementsOf(members);
        }
    }

    /** The architectures the miner accepts are exactly the ones this llama.cpp loads. */
    @Test
    void theArchitectureListIsThisLlamaCpps() throws IOException, InterruptedException {
        String arch = Files.readString(LlamaSource.dir().resolve("src/llama-arch.cpp"), StandardCharsets.UTF_8);
        Matcher table = Pattern.compile("(?s)LLM_ARCH_NAMES = \\{(.*?)\\n\\};").matcher(arch);
        assertThat(table.find()).isTrue();
        java.util.Set<String> names = new java.util.TreeSet<>();
        Matcher name = Pattern.compile("\\{\\s*LLM_ARCH_\\w+\\s*,\\s*\"([^\"]+)\"\\s*\\}").matcher(table.group(1));
        while (name.find()) {
            names.add(name.group(1));
        }
        names.remove("clip"); // only used by llama-quantize
        names.remove("(unknown)");
        assertThat(org.poq.miner.gguf.ModelMetadata.SUPPORTED_ARCHITECTURES).containsExactlyInAnyOrderElementsOf(names)
                .contains("llama", "qwen2", "qwen3", "gemma3", "gemma3n", "llama4", "mistral3", "gpt-oss", "smollm3", "glm4");
    }

    @Test
    void theLibrarysDefaultsReadTheSameThroughJna() throws IllegalAccessException {
        assertDefaults(api.llama_model_default_params(), "default.llama_model_params");
        assertDefaults(api.llama_context_default_params(), "default.llama_context_params");
        assertDefaults(api.llama_sampler_chain_default_params(), "default.llama_sampler_chain_params");
        // and the values the engine relies on
        LlamaModelParams.ByValue mp = api.llama_model_default_params();
        assertThat(mp.n_gpu_layers).isEqualTo(-1);
        LlamaContextParams.ByValue cp = api.llama_context_default_params();
        assertThat(cp.flash_attn_type).isEqualTo(LlamaApi.LLAMA_FLASH_ATTN_TYPE_AUTO);
        assertThat(cp.n_batch).isPositive();
    }

    private static void assertDefaults(LlamaStruct s, String prefix) throws IllegalAccessException {
        for (String name : s.offsets().keySet()) {
            assertThat(javaValue(s, name)).as("%s.%s", prefix, name).isEqualTo(fromC.get(prefix + "." + name));
        }
    }

    private static String javaValue(LlamaStruct s, String name) throws IllegalAccessException {
        Field f;
        try {
            f = s.getClass().getField(name);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
        Object v = f.get(s);
        if (v instanceof Float x) {
            return Integer.toUnsignedString(Float.floatToRawIntBits(x));
        }
        if (v instanceof Double x) {
            return Long.toUnsignedString(Double.doubleToRawLongBits(x));
        }
        if (v instanceof Pointer p) {
            return Long.toUnsignedString(Pointer.nativeValue(p));
        }
        if (v == null) {
            return "0";
        }
        if (v instanceof Long x) {
            return Long.toUnsignedString(x);
        }
        return String.valueOf(v);
    }

    /** C that prints sizeof/offsetof of every field, and the library's defaults in the same notation as javaValue. */
    private static String program() {
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                #include <stddef.h>
                #include <stdint.h>
                #include <string.h>
                #include "llama.h"
                static unsigned long long fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
                static unsigned long long dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
                int main(void) {
                """);
        for (LlamaStruct s : STRUCTS) {
            String t = "struct " + s.cName();
            c.append("printf(\"sizeof.").append(s.cName()).append("=%zu\\n\", sizeof(").append(t).append("));\n");
            for (String field : s.offsets().keySet()) {
                c.append("printf(\"offsetof.").append(s.cName()).append('.').append(field)
                        .append("=%zu\\n\", offsetof(").append(t).append(", ").append(field).append("));\n");
            }
        }
        defaults(c, new LlamaModelParams(), "llama_model_default_params");
        defaults(c, new LlamaContextParams(), "llama_context_default_params");
        defaults(c, new LlamaSamplerChainParams(), "llama_sampler_chain_default_params");
        return c.append("return 0;\n}\n").toString();
    }

    private static void defaults(StringBuilder c, LlamaStruct s, String function) {
        String v = "v_" + s.cName();
        c.append("{ struct ").append(s.cName()).append(' ').append(v).append(" = ").append(function).append("();\n");
        for (String name : s.offsets().keySet()) {
            Class<?> type;
            try {
                type = s.getClass().getField(name).getType();
            } catch (NoSuchFieldException e) {
                throw new AssertionError(e);
            }
            String expr = v + "." + name;
            String fmt;
            String arg;
            if (type == float.class) {
                fmt = "%llu";
                arg = "fbits(" + expr + ")";
            } else if (type == double.class) {
                fmt = "%llu";
                arg = "dbits(" + expr + ")";
            } else if (type == long.class) {
                fmt = "%llu";
                arg = "(unsigned long long)" + expr;
            } else if (type == int.class || type == byte.class) {
                fmt = "%d";
                arg = "(int)" + expr;
            } else {
                fmt = "%llu";
                arg = "(unsigned long long)(uintptr_t)" + expr;
            }
            c.append("printf(\"default.").append(s.cName()).append('.').append(name).append('=').append(fmt)
                    .append("\\n\", ").append(arg).append(");\n");
        }
        c.append("}\n");
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
