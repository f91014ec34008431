import Foundation
import Testing
import TestSupport

/// A regression task (stsb, scores 0-5) through the same job path: the head interpolates between
/// two anchor words, and the metrics are Pearson's r and the squared error.
@Suite(.serialized) struct RegressionJobTests {
    @Test func anStsbJobReportsPearsonAndStoresItsVector() throws {
        let hub = try JobsFixture()
        defer { withExtendedLifetime(hub) {} }
        try hub.uploadShared("stsb", split: "train", count: 32)
        try hub.uploadShared("stsb", split: "validation", count: 16)
        try hub.uploadShared("stsb", split: "test", count: 24)
        let id = try #require(try hub.submit("""
            {"model": "all-minilm-l6-v2", "task": "stsb", "seed": 2, "max_steps": 4, "batch_size": 8}
            """)["id"] as? Int)
        let end = try #require(try hub.events(id).last)
        #expect(end.json["status"] as? String == "succeeded", "\(end.data)")
        let job = try hub.job(id)
        let pearson = try #require(value(job, "metrics", "test", "pearson") as? Double)
        #expect((-1...1).contains(pearson))
        #expect(value(job, "metrics", "test", "mse") is Double)
        #expect(value(job, "metrics", "test", "macro_f1") == nil)
        #expect(value(job, "metrics", "test", "n") as? Int == 24)
        #expect(job["vector_id"] is Int)
    }
}
