import Testing
@testable import HeraldDaemon
