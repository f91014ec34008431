import ArgumentParser
import Foundation
import Store

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens (writes need one).",
        subcommands: [Create.self, List.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it (shown once; only its hash is stored).")
        @Option(help: "Owner name recorded on everything written with this token.")
        var name: String
        @OptionGroup var dataOptions: DataOptions

        func run() throws {
            let administration = try TokenAdministration(dataDirectory: dataOptions.data, migrationsDirectory: dataOptions.migrations)
            defer { administration.close() }
            print(try administration.tokens.create(name: name))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (names and dates, never the tokens).")
        @OptionGroup var dataOptions: DataOptions

        func run() throws {
            let administration = try TokenAdministration(dataDirectory: dataOptions.data, migrationsDirectory: dataOptions.migrations)
            defer { administration.close() }
            for token in try administration.tokens.list() {
                print("\(token.id)\t\(token.name)\t\(token.createdAt)\t\(token.lastUsedAt ?? "never used")")
            }
        }
    }
}
