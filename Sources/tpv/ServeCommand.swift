import ArgumentParser
import Foundation
import HTTP
import Hub
import Jobs
import Store

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the hub's HTTP server.")

    @Option(help: "Address to listen on (env TPV_HOST).")
    var host: String = ProcessInfo.processInfo.environment["TPV_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (env TPV_PORT).")
    var port: Int = Int(ProcessInfo.processInfo.environment["TPV_PORT"] ?? "") ?? 8080

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Largest accepted request body in MiB.")
    var maxBodyMib: Int = 64

    @Option(help: "Event-loop threads (default: one per core).")
    var eventLoops: Int = System.coreCount

    @Option(help: "Seconds an idle keep-alive connection stays open.")
    var keepAliveTimeout: Double = 15

    @Option(help: "Seconds a client has to send a request head.")
    var headerTimeout: Double = 10

    @Option(help: "Prompt-tuning jobs run at once; each uses every core, so more rarely helps (env TPV_WORKERS).")
    var workers: Int = Int(ProcessInfo.processInfo.environment["TPV_WORKERS"] ?? "") ?? 1

    @Option(help: ArgumentHelp("Folder of installed models, one subfolder each (env TPV_MODELS).",
                               discussion: "Default: the folder holding $TPV_MODEL_DIR, else models/."))
    var models: String = ProcessInfo.processInfo.environment["TPV_MODELS"] ?? ModelCatalog.defaultDirectory

    @Option(help: "Folder of the web page (default: Public/ next to the binary or in the working directory).")
    var publicDirectory: String?

    func run() throws {
        // Block the termination signals before any thread starts, so only sigwait sees them.
        SignalWaiter.blockTerminationSignals()
        let store = try HubStore.open(dataDirectory: dataOptions.data, migrationsDirectory: dataOptions.migrations)
        let report = store.openReport
        if !report.appliedMigrations.isEmpty { log("applied migrations: \(report.appliedMigrations.joined(separator: ", "))") }
        if report.removedTemporaryFiles > 0 { log("removed \(report.removedTemporaryFiles) unfinished uploads") }
        if !report.removedOrphanBlobs.isEmpty { log("removed \(report.removedOrphanBlobs.count) orphan blobs") }
        if !report.missingBlobs.isEmpty { log("WARNING: \(report.missingBlobs.count) blobs referenced by rows are missing: \(report.missingBlobs.prefix(5).joined(separator: ", "))") }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        let catalog = ModelCatalog(directory: models)
        if catalog.names.isEmpty { log("WARNING: no model in \(models); jobs will fail until one is installed (scripts/install-model.sh)") }
        let jobs = JobService(store: store, models: catalog, workers: workers, codeVersion: Hub.version) { message in
            FileHandle.standardError.write(Data("tpv: \(message)\n".utf8))
        }
        let hub = try Hub(store: store, jobs: jobs, publicDirectory: publicDirectory)
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.eventLoops = max(1, eventLoops)
        configuration.maxBodyBytes = maxBodyMib * 1024 * 1024
        configuration.keepAliveTimeout = keepAliveTimeout
        configuration.headerTimeout = headerTimeout
        let server = HTTPServer(configuration: configuration, responder: hub.router)
        try server.start()
        let recovery = try jobs.start()
        if !recovery.requeued.isEmpty { log("re-queued jobs interrupted by the last stop: \(recovery.requeued)") }
        if !recovery.failed.isEmpty { log("failed jobs interrupted too often: \(recovery.failed)") }
        if !recovery.cancelled.isEmpty { log("cancelled jobs whose cancel was pending: \(recovery.cancelled)") }
        print("listening on http://\(host):\(server.port)")
        fflush(stdout)
        let signal = SignalWaiter.waitForTermination()
        log("received signal \(signal); finishing in-flight requests")
        server.shutdown()
        jobs.shutdown()
        store.close()
        log("stopped")
    }

    func log(_ message: String) {
        FileHandle.standardError.write(Data("tpv: \(message)\n".utf8))
    }
}
