import ArgumentParser
import Foundation
import HubClient

/// `--hub URL` and `--token TOKEN`, shared by the commands that talk to a running hub.
struct HubOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The hub's address (env TPV_HUB).", valueName: "url"))
    var hub: String = ProcessInfo.processInfo.environment["TPV_HUB"] ?? "http://127.0.0.1:8080"

    // Read from the environment here rather than as the option's default, so help never prints the token.
    @Option(name: .customLong("token"),
            help: ArgumentHelp("API token for writes (env TPV_TOKEN); `tpv token create --name NAME` makes one.", valueName: "token"))
    var tokenOption: String?

    var token: String? { tokenOption ?? ProcessInfo.processInfo.environment["TPV_TOKEN"] }

    func client(timeout: TimeInterval = 300) -> HubClient {
        HubClient(baseURL: hub, token: token, timeout: timeout)
    }
}
