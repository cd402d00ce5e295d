import Foundation

/// Unbuffered writes to stdout and stderr: a runner's line must reach the driver before the
/// next case is read, so nothing may sit in a stdio buffer.
enum ConsoleOutput {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
