import ArgumentParser
import Foundation

/// A failure the CLI reports on stderr with exit code 1 (invalid input or a refused operation).
enum CLIError: Error, CustomStringConvertible {
    case invalid(String)

    var description: String {
        switch self {
        case let .invalid(message): message
        }
    }
}

/// Prints a message to stderr, prefixed with the program name.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("herald: \(message)\n".utf8))
}

/// Runs a command body, turning `CLIError` into a message and exit code 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CLIError {
        printError(error.description)
        throw ExitCode(1)
    }
}
