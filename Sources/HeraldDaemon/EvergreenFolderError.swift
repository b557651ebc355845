/// Why an evergreen folder cannot be read (missing, not a directory, no permission).
struct EvergreenFolderError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
