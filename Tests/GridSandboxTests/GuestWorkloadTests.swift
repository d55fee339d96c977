import Crypto
import GridCore
import GridSandbox
import NativeKernels
import Testing

@Suite("The guest workloads give known answers, deterministically")
struct GuestWorkloadTests {
    let sandbox = Sandbox()

    @Test func primesBelowOneMillion() throws {
        let outcome = try sandbox.run(guest: "primes", ["1000000"])
        #expect(outcome.termination == .exited(code: 0))
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == "78498\n")
    }

    @Test func primesThroughItsExportedFunction() throws {
        let module = try sandbox.load(Guests.bytes("primes"))
        let outcome = try sandbox.run(
            module, Invocation(entry: .export(name: "count_primes", arguments: [1_000_000])), limits: .standard)
        #expect(outcome.termination == .returned([78498]))
        let small = try sandbox.run(
            module, Invocation(entry: .export(name: "count_primes", arguments: [100])), limits: .standard)
        #expect(small.termination == .returned([25]))
    }

    @Test func primesRefusesAnAbsurdBound() throws {
        let outcome = try sandbox.run(guest: "primes", ["-5"])
        #expect(outcome.termination == .exited(code: 2))
        #expect(!outcome.stderr.isEmpty)
    }

    @Test func hashchainMatchesSHA256OnTheHost() throws {
        let input = Array("Idlegrid runs other people's code on strangers' devices.".utf8)
        var digest = Array(SHA256.hash(data: input))
        for _ in 1..<1000 { digest = Array(SHA256.hash(data: digest)) }
        let expected = digest.map { String($0, radix: 16).leftPadded(to: 2) }.joined() + "\n"
        let outcome = try sandbox.run(guest: "hashchain", ["1000"], stdin: input)
        #expect(outcome.termination == .exited(code: 0))
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == expected)
        // One round is the plain SHA-256 of the input; empty input works too.
        let one = try sandbox.run(guest: "hashchain", ["1"], stdin: [])
        #expect(String(decoding: one.stdout, as: UTF8.self) == ContentHash(of: []).hex + "\n")
    }

    @Test func wordcountOnAFixedText() throws {
        let text = "The quick brown fox\njumps over\tthe lazy dog.\n\n  Twice:  the quick brown fox\n"
        let outcome = try sandbox.run(guest: "wordcount", stdin: Array(text.utf8))
        // Checked with `wc -l -w -c`: 4 lines, 14 words, 76 bytes.
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == "4 14 76\n")
    }

    @Test func montecarloPiIsDeterministicPerSeedAndVariesAcrossSeeds() throws {
        let first = try sandbox.run(guest: "montecarlo-pi", ["200000"], seed: 1)
        let again = try sandbox.run(guest: "montecarlo-pi", ["200000"], seed: 1)
        let otherEngine = try Sandbox().run(guest: "montecarlo-pi", ["200000"], seed: 1)
        let otherSeed = try sandbox.run(guest: "montecarlo-pi", ["200000"], seed: 2)
        #expect(first.stdout == again.stdout && first.fuelUsed == again.fuelUsed)
        #expect(first.stdout == otherEngine.stdout && first.fuelUsed == otherEngine.fuelUsed)
        #expect(first.stdout != otherSeed.stdout)
        let fields = String(decoding: first.stdout, as: UTF8.self).split(separator: " ")
        #expect(fields.count == 3)
        #expect(fields[1] == "200000")
        let estimate = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(abs(estimate - Double.pi) < 0.02)
    }

    @Test func mandelbrotTileMatchesTheSameKernelCompiledNatively() throws {
        let (width, height, tx, ty, tw, th, iterations) = (1024, 768, 256, 192, 96, 64, 256)
        let outcome = try sandbox.run(guest: "mandelbrot", ["\(width)", "\(height)", "\(tx)", "\(ty)", "\(tw)", "\(th)", "\(iterations)"])
        #expect(outcome.termination == .exited(code: 0))
        var native = [UInt8](repeating: 0, count: tw * th * 3)
        native.withUnsafeMutableBufferPointer { buffer in
            native_mandelbrot_render(buffer.baseAddress, Int32(width), Int32(height), Int32(tx), Int32(ty), Int32(tw), Int32(th), Int32(iterations))
        }
        #expect(outcome.stdout.count == native.count)
        #expect(outcome.stdout == native)
    }

    @Test func mandelbrotPixelsInsideTheSetAreBlackAndThePPMHeaderIsRight() throws {
        // Pixel (512, 384) of a 1024×768 image is c ≈ 0.0 + 0i: inside the set.
        let outcome = try sandbox.run(guest: "mandelbrot", ["1024", "768", "512", "384", "2", "1", "256", "ppm"])
        let header = Array("P6\n2 1\n255\n".utf8)
        #expect(Array(outcome.stdout.prefix(header.count)) == header)
        #expect(Array(outcome.stdout.dropFirst(header.count)) == [0, 0, 0, 0, 0, 0])
        let firstRun = try sandbox.run(guest: "mandelbrot", ["64", "48", "0", "0", "64", "48"])
        let secondRun = try Sandbox().run(guest: "mandelbrot", ["64", "48", "0", "0", "64", "48"])
        #expect(firstRun.outputHash == secondRun.outputHash && firstRun.fuelUsed == secondRun.fuelUsed)
    }

    @Test func mandelbrotRefusesATileOutsideTheImage() throws {
        let outcome = try sandbox.run(guest: "mandelbrot", ["64", "48", "60", "0", "8", "8"])
        #expect(outcome.termination == .exited(code: 2))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func echoSeesItsInputArgumentsAndEnvironment() throws {
        let outcome = try sandbox.run(
            guest: "echo", ["one", "two words"], stdin: Array("piped\n".utf8), environment: [("LANG", "C"), ("EMPTY", "")])
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == "piped\n")
        #expect(String(decoding: outcome.stderr, as: UTF8.self) == "echo\none\ntwo words\nLANG=C\nEMPTY=\n")
    }

}

@Suite("The misbehaving guests are contained")
struct MisbehavingGuestTests {
    let sandbox = Sandbox()

    @Test func exit3() throws {
        let outcome = try sandbox.run(guest: "exit3")
        #expect(outcome.termination == .exited(code: 3))
        #expect(outcome.stdout == Array("bye\n".utf8))
    }

    @Test func spinRunsOutOfFuel() throws {
        let outcome = try sandbox.run(guest: "spin", limits: Limits(fuel: 2_000_000))
        #expect(outcome.termination == .limitExceeded(.fuel))
        #expect(outcome.fuelUsed == 2_000_000)
    }

    @Test func spinIsStoppedByTheWallClock() throws {
        let outcome = try sandbox.run(
            guest: "spin", limits: Limits(fuel: Limits.Bounds.fuel.upperBound, wallClockMilliseconds: 150))
        #expect(outcome.termination == .limitExceeded(.wallClock))
    }

    @Test func hogGetsNoMoreThanTheCap() throws {
        let outcome = try sandbox.run(guest: "hog", limits: Limits(memoryBytes: 8 << 20))
        #expect(outcome.termination == .exited(code: 1))
        #expect(outcome.memoryGrowthRefused)
        #expect(outcome.limitHit == .memory)
        #expect(outcome.peakMemoryBytes == 8 << 20)
        let pages = Int(String(decoding: outcome.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(pages.map { $0 > 0 && $0 < 128 } == true)
    }

    @Test func chatterStopsAtTheOutputCap() throws {
        let outcome = try sandbox.run(guest: "chatter", limits: Limits(outputBytes: 4096))
        #expect(outcome.termination == .limitExceeded(.output))
        #expect(outcome.stdout.count == 4096)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
