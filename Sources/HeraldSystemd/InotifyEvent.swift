import CSystemd

/// One event read from an ``Inotify`` descriptor: which watch it concerns, what happened, and to which name.
public struct InotifyEvent: Sendable, Hashable {
    /// Event kinds and watch flags (`IN_*` from `inotify(7)`), used both for ``Inotify/addWatch(_:mask:)`` and
    /// in the events read back.
    public struct Mask: OptionSet, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: UInt32

        public init(rawValue: UInt32) {
            self.rawValue = rawValue
        }

        /// `IN_ACCESS`: the file was read.
        public static let access = Mask(rawValue: UInt32(IN_ACCESS))
        /// `IN_MODIFY`: the file was written.
        public static let modify = Mask(rawValue: UInt32(IN_MODIFY))
        /// `IN_ATTRIB`: metadata (permissions, timestamps, link count, owner) changed.
        public static let attrib = Mask(rawValue: UInt32(IN_ATTRIB))
        /// `IN_CLOSE_WRITE`: a file opened for writing was closed — the moment a written file is complete.
        public static let closeWrite = Mask(rawValue: UInt32(IN_CLOSE_WRITE))
        /// `IN_CLOSE_NOWRITE`: a file not opened for writing was closed.
        public static let closeNoWrite = Mask(rawValue: UInt32(IN_CLOSE_NOWRITE))
        /// `IN_OPEN`: a file was opened.
        public static let open = Mask(rawValue: UInt32(IN_OPEN))
        /// `IN_MOVED_FROM`: a name was renamed away from the watched directory.
        public static let movedFrom = Mask(rawValue: UInt32(IN_MOVED_FROM))
        /// `IN_MOVED_TO`: a name was renamed into the watched directory — how atomically written files arrive.
        public static let movedTo = Mask(rawValue: UInt32(IN_MOVED_TO))
        /// `IN_CREATE`: a name was created in the watched directory.
        public static let create = Mask(rawValue: UInt32(IN_CREATE))
        /// `IN_DELETE`: a name was deleted from the watched directory.
        public static let delete = Mask(rawValue: UInt32(IN_DELETE))
        /// `IN_DELETE_SELF`: the watched path itself was deleted.
        public static let deleteSelf = Mask(rawValue: UInt32(IN_DELETE_SELF))
        /// `IN_MOVE_SELF`: the watched path itself was moved.
        public static let moveSelf = Mask(rawValue: UInt32(IN_MOVE_SELF))

        /// `IN_UNMOUNT` (read back only): the file system holding the watched path was unmounted.
        public static let unmount = Mask(rawValue: UInt32(IN_UNMOUNT))
        /// `IN_Q_OVERFLOW` (read back only, `wd` is -1): the kernel's event queue overflowed and events were lost;
        /// rescan everything.
        public static let queueOverflow = Mask(rawValue: UInt32(IN_Q_OVERFLOW))
        /// `IN_IGNORED` (read back only): the watch was removed (explicitly, or because its path is gone).
        public static let ignored = Mask(rawValue: UInt32(IN_IGNORED))
        /// `IN_ISDIR` (read back only): the subject of the event is a directory.
        public static let isDirectory = Mask(rawValue: UInt32(IN_ISDIR))

        /// `IN_ONLYDIR` (watch flag): fail unless the path is a directory.
        public static let onlyDirectory = Mask(rawValue: UInt32(IN_ONLYDIR))
        /// `IN_DONT_FOLLOW` (watch flag): do not follow a symbolic link at the path.
        public static let dontFollow = Mask(rawValue: UInt32(IN_DONT_FOLLOW))
        /// `IN_EXCL_UNLINK` (watch flag): no events for names after they were unlinked.
        public static let excludeUnlinked = Mask(rawValue: UInt32(IN_EXCL_UNLINK))
        /// `IN_MASK_CREATE` (watch flag): fail if the path is already watched.
        public static let maskCreate = Mask(rawValue: UInt32(IN_MASK_CREATE))
        /// `IN_MASK_ADD` (watch flag): add to an existing watch's mask instead of replacing it.
        public static let maskAdd = Mask(rawValue: UInt32(IN_MASK_ADD))
        /// `IN_ONESHOT` (watch flag): remove the watch after its first event.
        public static let oneShot = Mask(rawValue: UInt32(IN_ONESHOT))

        /// `IN_MOVE`: moved from or to.
        public static let move: Mask = [.movedFrom, .movedTo]
        /// `IN_CLOSE`: closed after writing or not.
        public static let close: Mask = [.closeWrite, .closeNoWrite]

        private static let names: [(Mask, String)] = [
            (.access, "IN_ACCESS"), (.modify, "IN_MODIFY"), (.attrib, "IN_ATTRIB"),
            (.closeWrite, "IN_CLOSE_WRITE"), (.closeNoWrite, "IN_CLOSE_NOWRITE"), (.open, "IN_OPEN"),
            (.movedFrom, "IN_MOVED_FROM"), (.movedTo, "IN_MOVED_TO"), (.create, "IN_CREATE"),
            (.delete, "IN_DELETE"), (.deleteSelf, "IN_DELETE_SELF"), (.moveSelf, "IN_MOVE_SELF"),
            (.unmount, "IN_UNMOUNT"), (.queueOverflow, "IN_Q_OVERFLOW"), (.ignored, "IN_IGNORED"),
            (.isDirectory, "IN_ISDIR"), (.onlyDirectory, "IN_ONLYDIR"), (.dontFollow, "IN_DONT_FOLLOW"),
            (.excludeUnlinked, "IN_EXCL_UNLINK"), (.maskCreate, "IN_MASK_CREATE"), (.maskAdd, "IN_MASK_ADD"),
            (.oneShot, "IN_ONESHOT"),
        ]

        /// The flags' C names joined by `|`, e.g. `IN_CLOSE_WRITE|IN_ISDIR`; unknown bits in hex.
        public var description: String {
            var rest = rawValue
            var parts: [String] = []
            for (flag, name) in Self.names where rawValue & flag.rawValue != 0 {
                parts.append(name)
                rest &= ~flag.rawValue
            }
            if rest != 0 {
                parts.append("0x" + String(rest, radix: 16))
            }
            return parts.isEmpty ? "0" : parts.joined(separator: "|")
        }
    }

    /// The watch descriptor that ``Inotify/addWatch(_:mask:)`` returned, or -1 for ``Mask/queueOverflow``.
    public var watch: Int32
    /// What happened.
    public var mask: Mask
    /// Links the `IN_MOVED_FROM` and `IN_MOVED_TO` halves of one rename; 0 otherwise.
    public var cookie: UInt32
    /// The name inside the watched directory, as raw bytes (Linux file names need not be UTF-8); empty when the
    /// event concerns the watched path itself.
    public var nameBytes: [UInt8]

    /// Creates an event (the kernel's, or a test's).
    public init(watch: Int32, mask: Mask, cookie: UInt32 = 0, nameBytes: [UInt8] = []) {
        self.watch = watch
        self.mask = mask
        self.cookie = cookie
        self.nameBytes = nameBytes
    }

    /// Creates an event with a UTF-8 name.
    public init(watch: Int32, mask: Mask, cookie: UInt32 = 0, name: String) {
        self.init(watch: watch, mask: mask, cookie: cookie, nameBytes: Array(name.utf8))
    }

    /// The name inside the watched directory, or `nil` when the event concerns the watched path itself. A name
    /// that is not valid UTF-8 is decoded with replacement characters: use ``nameBytes`` to open such a file.
    public var name: String? {
        nameBytes.isEmpty ? nil : String(decoding: nameBytes, as: UTF8.self)
    }

    /// `IN_Q_OVERFLOW`: events were lost; the reader must rescan.
    public var isOverflow: Bool { mask.contains(.queueOverflow) }
    /// `IN_ISDIR`: the subject is a directory.
    public var isDirectory: Bool { mask.contains(.isDirectory) }
    /// `IN_IGNORED`: the watch is gone; its descriptor will not report again.
    public var isIgnored: Bool { mask.contains(.ignored) }

    /// Size of the fixed part of `struct inotify_event` (wd, mask, cookie, len).
    static let headerSize = MemoryLayout<inotify_event>.size

    /// Parses a buffer filled by `read(2)` from an inotify descriptor: a sequence of `struct inotify_event`, each
    /// followed by `len` bytes of NUL-padded name. The kernel only returns whole events; a truncated trailing
    /// record (which it never produces) is ignored rather than read past the buffer.
    public static func parse(_ buffer: UnsafeRawBufferPointer) -> [InotifyEvent] {
        var events: [InotifyEvent] = []
        var offset = 0
        while offset + headerSize <= buffer.count {
            let watch = buffer.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let cookie = buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameStart = offset + headerSize
            guard nameStart + length <= buffer.count else {
                break
            }
            let nameField = buffer[nameStart..<(nameStart + length)]
            let name = nameField.prefix { $0 != 0 }
            let event = InotifyEvent(watch: watch, mask: Mask(rawValue: mask), cookie: cookie, nameBytes: Array(name))
            events.append(event)
            offset = nameStart + length
        }
        return events
    }
}
