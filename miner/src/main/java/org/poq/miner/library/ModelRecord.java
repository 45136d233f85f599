package org.poq.miner.library;

import java.nio.file.Path;
import java.time.Instant;
import org.poq.core.Sha256;
import org.poq.miner.chat.ChatFamily;

/** A model in the library. Its id, the SHA-256 of the file, is the model id declared to the network. */
public record ModelRecord(Sha256 id, String name, Path path, long sizeBytes, String architecture,
                          long parameterCount, String quantization, int contextLength, int expertCount,
                          ChatFamily chatFamily, String tokenizer, String source, Instant addedAt) {
}
