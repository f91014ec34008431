import Testing
@testable import Store

@Suite struct TokenStoreTests {
    @Test func createdTokenAuthenticatesAndOnlyItsHashIsStored() throws {
        try withStore { store throws in
            let token = try store.tokens.create(name: "Ada Lovelace")
            #expect(token.hasPrefix("tpv_") && token.count == 4 + 64)
            #expect(try store.tokens.authenticate(token) == "Ada Lovelace")
            let other = try store.tokens.create(name: "Ada Lovelace")
            #expect(other != token)

            let stored = try store.database.read {
                try $0.query("SELECT token_sha256 FROM tokens ORDER BY id") { try $0.get(0, as: String.self) }
            }
            #expect(stored == [SHA256.hex(token), SHA256.hex(other)])

            let listed = try store.tokens.list()
            #expect(listed.map(\.name) == ["Ada Lovelace", "Ada Lovelace"])
            #expect(listed[0].lastUsedAt != nil && listed[1].lastUsedAt == nil)

            #expect(try store.tokens.revoke(id: listed[0].id))
            #expect(try store.tokens.authenticate(token) == nil)
            #expect(try store.tokens.authenticate(other) == "Ada Lovelace")
            #expect(try !store.tokens.revoke(id: listed[0].id))
        }
    }

    @Test func badTokensAreRejected() throws {
        try withStore { store throws in
            let token = try store.tokens.create(name: "x")
            let flipped = String(token.dropLast()) + (token.last == "0" ? "1" : "0")
            for bad in ["", "tpv_", token.uppercased(), flipped, String(token.dropLast()), token + "0", " " + token,
                        "Bearer " + token, "tpv_" + String(repeating: "g", count: 64), "'; DROP TABLE tokens; --"] {
                #expect(try store.tokens.authenticate(bad) == nil, "accepted \(bad.debugDescription)")
            }
            #expect(try store.tokens.authenticate(token) == "x")
        }
    }

    @Test func namesAreValidated() throws {
        for good in ["a", String(repeating: "n", count: 64), "Grace Hopper", "模型-team", "o'brien; DROP"] {
            #expect(throws: Never.self) { try TokenStore.validate(name: good) }
        }
        for bad in ["", String(repeating: "n", count: 65), "tab\there", "nul\u{0}", "new\nline", " padded", "padded ",
                    "\u{7f}del"] {
            #expect(throws: StoreError.self, "accepted \(bad.debugDescription)") { try TokenStore.validate(name: bad) }
        }
    }
}
