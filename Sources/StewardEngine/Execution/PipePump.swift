#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// What a child wrote, each stream cut at the capture limit.
struct CapturedOutput: Sendable {
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
}

/// Feeds a child's standard input and drains its standard output and error, all from one
/// dedicated thread with `poll`, so a program that writes a lot before reading its input (or
/// never reads it) cannot deadlock against Steward, and no Swift concurrency thread blocks.
enum PipePump {
    /// Tells a running pump to give up on streams that stay open after the child has exited
    /// (a grandchild may hold them).
    final class Control: Sendable {
        private let deadline = Mutex<ContinuousClock.Instant?>(nil)

        /// Asks the pump to stop by `instant` even if the streams are still open.
        func stop(by instant: ContinuousClock.Instant) { deadline.withLock { $0 = instant } }

        var shouldStop: Bool {
            guard let instant = deadline.withLock({ $0 }) else { return false }
            return ContinuousClock.now >= instant
        }
    }

    /// Runs the pump on its own thread and returns what was captured once stdout and stderr are at
    /// their end (or `control` says stop). Every handle passed in is closed when it returns.
    static func run(
        input: [UInt8], stdin: FileHandle, stdout: FileHandle, stderr: FileHandle, limit: Int, control: Control
    ) async -> CapturedOutput {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let captured = pump(input: input, stdin: stdin, stdout: stdout, stderr: stderr, limit: limit, control: control)
                continuation.resume(returning: captured)
            }
        }
    }

    private static func pump(
        input: [UInt8], stdin: FileHandle, stdout: FileHandle, stderr: FileHandle, limit: Int, control: Control
    ) -> CapturedOutput {
        // A child that exits without reading its input turns our write into SIGPIPE, which would end
        // Steward. Blocked on this thread only, it becomes EPIPE; the pending signal dies with the thread.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)

        let inFD = stdin.fileDescriptor, outFD = stdout.fileDescriptor, errFD = stderr.fileDescriptor
        _ = fcntl(inFD, F_SETFL, fcntl(inFD, F_GETFL) | O_NONBLOCK)
        var inputOpen = true, written = 0
        var outOpen = true, errOpen = true
        var captured = CapturedOutput()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)

        func closeInput() {
            inputOpen = false
            try? stdin.close()
        }
        if input.isEmpty { closeInput() }

        while outOpen || errOpen, !control.shouldStop {
            var fds: [pollfd] = []
            if inputOpen { fds.append(pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0)) }
            if outOpen { fds.append(pollfd(fd: outFD, events: Int16(POLLIN), revents: 0)) }
            if errOpen { fds.append(pollfd(fd: errFD, events: Int16(POLLIN), revents: 0)) }
            // A short timeout so a stop request is noticed even when nothing is written.
            let ready = poll(&fds, nfds_t(fds.count), 50)
            if ready < 0, errno != EINTR { break }
            guard ready > 0 else { continue }
            for entry in fds where entry.revents != 0 {
                switch entry.fd {
                case inFD:
                    let n = input.withUnsafeBytes { raw in
                        write(inFD, raw.baseAddress.map { $0 + written }, input.count - written)
                    }
                    if n > 0 { written += n }
                    if written == input.count || (n < 0 && errno != EAGAIN && errno != EINTR) { closeInput() }
                case outFD:
                    outOpen = drain(outFD, into: &captured.stdout, buffer: &buffer, limit: limit)
                default:
                    errOpen = drain(errFD, into: &captured.stderr, buffer: &buffer, limit: limit)
                }
            }
        }
        if inputOpen { closeInput() }
        try? stdout.close()
        try? stderr.close()
        return captured
    }

    /// Reads what is ready, keeping at most `limit` bytes; false at end of stream or on error.
    private static func drain(_ fd: Int32, into kept: inout [UInt8], buffer: inout [UInt8], limit: Int) -> Bool {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { return errno == EINTR || errno == EAGAIN }
        if n == 0 { return false }
        // Past the limit the bytes are still read, so the child never blocks, but dropped.
        let room = max(0, limit - kept.count)
        if room > 0 { kept.append(contentsOf: buffer[0..<min(room, n)]) }
        return true
    }
}
