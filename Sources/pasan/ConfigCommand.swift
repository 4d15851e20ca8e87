import ArgumentParser
import Foundation

/// `pasan config …`: Pasan's configuration as an operator sees it.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show and check the configuration that `pasan serve` would run with.",
        subcommands: [ConfigCheck.self]
    )
}

/// `pasan config check`: every key, its effective value and where it came from; secrets masked.
struct ConfigCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Print the effective configuration of `pasan serve`, each value with its source; exit 64 naming every problem.",
        discussion: """
            Takes the options of `pasan serve`. Every key is read from the command line, then the environment \
            (PASAN_<KEY>), then the configuration file (--config or PASAN_CONFIG), then Pasan's default. Passwords in \
            database and SMTP URLs and the secret key are shown as *****. Nothing is started and the database is not \
            opened.
            """
    )

    @OptionGroup var options: ServeOptions

    func run() async throws {
        let resolution = await options.resolver.resolve()
        say("Effective configuration (command line > environment > configuration file > Pasan's default; secrets masked):")
        for line in resolution.report() { say(line) }
        guard resolution.isValid else {
            ConfigurationResolver.writeProblems(resolution.problems, pointToCheck: false)
            throw ExitCode(ConfigurationResolver.invalidExitCode)
        }
        say("The configuration is valid.")
    }
}
