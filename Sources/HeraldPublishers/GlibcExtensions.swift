#if canImport(Glibc)
import Glibc
#endif

/// GNU extensions of glibc that Swift's Glibc module does not import (they sit behind `_GNU_SOURCE`), looked up
/// once at run time; nil where the C library lacks them.
struct GlibcExtensions: @unchecked Sendable {  // immutable C function pointers
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// `pipe2(2)`: a pipe with flags (O_CLOEXEC) set atomically.
    let pipe2: Pipe2?
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc ≥ 2.34): closes every descriptor from a number up in the
    /// child.
    let addCloseFrom: AddCloseFrom?

    static let shared = GlibcExtensions()

    private init() {
        guard let handle = dlopen(nil, RTLD_NOW) else {
            pipe2 = nil
            addCloseFrom = nil
            return
        }
        defer { dlclose(handle) }
        pipe2 = dlsym(handle, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
        addCloseFrom = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np").map {
            unsafeBitCast($0, to: AddCloseFrom.self)
        }
    }
}
