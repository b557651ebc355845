import CSystemd

/// Hands freed heap memory back to the kernel after a burst. glibc keeps freed blocks in its arenas, so without
/// this an idle daemon would keep the peak of its last burst as resident memory for as long as it runs.
public enum MemoryTrim {
    public static func afterBurst() {
        _ = malloc_trim(0)
    }
}
