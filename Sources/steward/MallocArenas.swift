#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator gives threads that allocate at once their own arenas (up to eight per core),
/// and free pages stay resident in each: the same signal load with 10,000 agents measured 142 MB
/// in one run and 165 MB in the next. A small fixed number of arenas keeps the resident memory
/// steady (docs/performance.md). Elsewhere this does nothing.
enum MallocArenas {
    /// Caps the arenas at `count`, as `MALLOC_ARENA_MAX` would; the environment variable, when
    /// set, still wins because it is read before this runs.
    static func limit(to count: Int32) {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not bring in.
        guard getenv("MALLOC_ARENA_MAX") == nil, let program = dlopen(nil, RTLD_NOW), let symbol = dlsym(program, "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mArenaMax: Int32 = -8  // M_ARENA_MAX in <malloc.h>
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mArenaMax, count)
        #endif
    }
}
