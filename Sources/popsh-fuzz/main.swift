// popsh-fuzz: runs generated and mutated programs against the interpreter in process
// (scripts/fuzz drives it; the test suite runs a fixed seed). Before each program runs
// it is written to WORK/current.pop and its number to WORK/next, so when a crash kills
// the process the caller knows which program did it and can restart after it.
//
//   popsh-fuzz generate --work DIR [--seed S] [--start I] [--count N] [--seconds T] [--corpus PATH]...
//                       [--budget SECONDS] [--hang-after SECONDS] [--verbose]
//   popsh-fuzz replay --work DIR FILE...
//
// Exit status: 0 done, 3 a program hung (it is WORK/current.pop), 2 usage; a crash
// ends the process by its signal.

import DataModel
import Foundation
import Fuzzing

struct Options {
    var mode = ""
    var work = ""
    var seed: UInt64 = 1
    var start = 0
    var count = Int.max
    var seconds = Double.infinity
    var corpus: [String] = []
    var files: [String] = []
    var budget = 1.0
    var hangAfter = 30.0
    var verbose = false
}

func usage(_ message: String) -> Never {
    FileHandle.standardError.write(Data("popsh-fuzz: \(message)\nusage: popsh-fuzz generate|replay --work DIR ...\n".utf8))
    exit(2)
}

func parse(_ arguments: [String]) -> Options {
    var o = Options()
    var rest = arguments[...]
    guard let mode = rest.popFirst(), mode == "generate" || mode == "replay" else { usage("say generate or replay") }
    o.mode = mode
    while let a = rest.popFirst() {
        func value() -> String {
            guard let v = rest.popFirst() else { usage("\(a) needs a value") }
            return v
        }
        func number<T: LosslessStringConvertible>(_ make: (String) -> T?) -> T {
            let text = value()
            guard let n = make(text) else { usage("\(a) takes a number, not \(text)") }
            return n
        }
        switch a {
        case "--work": o.work = value()
        case "--seed": o.seed = number { UInt64($0) }
        case "--start": o.start = number { Int($0) }
        case "--count": o.count = number { Int($0) }
        case "--seconds": o.seconds = number { Double($0) }
        case "--budget": o.budget = number { Double($0) }
        case "--hang-after": o.hangAfter = number { Double($0) }
        case "--corpus": o.corpus.append(value())
        case "--verbose": o.verbose = true
        default:
            guard !a.hasPrefix("--") else { usage("unknown option \(a)") }
            o.files.append(a)
        }
    }
    guard !o.work.isEmpty else { usage("--work DIR is required") }
    // The fuzzer works inside WORK; paths given relative to where it started must not move.
    let here = FileManager.default.currentDirectoryPath
    func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : here + "/" + path }
    o.work = absolute(o.work)
    o.corpus = o.corpus.map(absolute)
    o.files = o.files.map(absolute)
    return o
}

let options = parse(Array(CommandLine.arguments.dropFirst()))
let work = options.work
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
// Programs that export or import name files relative to the working folder: keep them
// in the scratch folder, never in the repository.
guard FileManager.default.changeCurrentDirectoryPath(work) else { usage("cannot work in \(work)") }
let database = try FuzzRunner.demoDatabase(at: work + "/fuzz.db")
let runner = FuzzRunner(database: database, budget: options.budget, hangAfter: options.hangAfter) {
    FileHandle.standardError.write(Data("popsh-fuzz: a program hung; it is \(work)/current.pop\n".utf8))
    exit(3)
}

/// Records the program about to run, so a crash leaves it behind.
func record(_ program: String, index: Int) {
    note("current.pop", program)
    note("next", String(index))
}

/// Plain open-write-close: FileManager writes atomically through a temporary file,
/// which cost more than most programs take to run.
func note(_ file: String, _ text: String) {
    let fd = open(work + "/" + file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { usage("cannot write \(work)/\(file)") }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
        usage("cannot write \(work)/\(file)")
    }
}

var tally: [FuzzOutcome: Int] = [:]
switch options.mode {
case "replay":
    for file in options.files {
        guard let program = try? String(contentsOfFile: file, encoding: .utf8) else { usage("cannot read \(file)") }
        record(program, index: 0)
        let outcome = runner.run(program, name: (file as NSString).lastPathComponent)
        tally[outcome, default: 0] += 1
        print("\(file): \(outcome.rawValue)")
    }
default:
    var generator = ProgramGenerator(library: runner.library, columns: runner.columns)
    let mutator = Mutator(corpus: fuzzCorpus(options.corpus))
    let deadline = Date().addingTimeInterval(options.seconds)
    var index = options.start
    while index - options.start < options.count, Date() < deadline {
        var random = FuzzRandom(seed: options.seed, program: index)
        let program: String
        if random.chance(0.6) || mutator.isEmpty {
            program = generator.program(random)
        } else {
            program = mutator.mutate(&random)
        }
        record(program, index: index)
        let began = Date()
        let outcome = runner.run(program, name: "fuzz-\(options.seed)-\(index).pop")
        tally[outcome, default: 0] += 1
        if options.verbose {
            let ms = Int(Date().timeIntervalSince(began) * 1000)
            print("--- \(index) \(outcome.rawValue) \(ms) ms\n\(program)\(runner.lastError ?? "")")
        }
        index += 1
    }
    note("next", String(index))
}
let total = tally.values.reduce(0, +)
print("programs \(total): finished \(tally[.finished] ?? 0), errors \(tally[.failed] ?? 0), interrupted \(tally[.interrupted] ?? 0)")
