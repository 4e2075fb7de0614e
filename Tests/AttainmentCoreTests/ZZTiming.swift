import AttainmentCore
import Testing

@Test func zzTiming() throws {
    let clock = ContinuousClock()
    var engine = Duration.zero, naive = Duration.zero, compareTime = Duration.zero, gen = Duration.zero
    for seed in 0..<20 {
        var t = clock.now
        let generated = RandomProgramme(seed: UInt64(seed))
        gen += clock.now - t
        for combination in MethodCombination.all {
            let input = combination.input(generated)
            t = clock.now
            let result = try input.computeAttainment()
            engine += clock.now - t
            t = clock.now
            let reference = NaiveReference.compute(input)
            naive += clock.now - t
            t = clock.now
            var found = Discrepancies()
            compare(result, reference, input, validation: input.programme.validate(), into: &found)
            compareTime += clock.now - t
        }
    }
    print("TIMING gen \(gen) engine \(engine) naive \(naive) compare \(compareTime)")
}
