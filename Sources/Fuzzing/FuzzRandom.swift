// FuzzRandom: the fuzzer's deterministic generator, the demo city's (xoshiro256**).
// Program i of seed s comes from its own stream, so a run restarted after a crash at
// program i regenerates programs i+1, i+2, ... exactly as an unbroken run would.

import DataModel

public typealias FuzzRandom = DemoRandom

extension DemoRandom {
    /// The stream of program `index` in the run of `seed`.
    public init(seed: UInt64, program index: Int) {
        self = DemoRandom(seed: seed).derived(UInt64(truncatingIfNeeded: index))
    }
}
