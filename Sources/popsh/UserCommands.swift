// `popsh user add|list|remove`: the centre's people on its PostgreSQL server, each a
// login granted the analyst, clerk, department or admin group (docs/postgresql.md, "People
// and roles"). Run by a server user with CREATEROLE. A password comes from a file or a
// prompt on a terminal, never from the command line, which a shell's history keeps.

import ArgumentParser
import DataModel
import Foundation
import Interpreter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct User: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list or remove the people who use a PostgreSQL database (roles and areas).",
        subcommands: [UserAdd.self, UserList.self, UserRemove.self])
}

struct UserAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a login with one role: " + ServerRole.allCases.map(\.rawValue).joined(separator: ", ") + ".",
        discussion: ServerRole.allCases.map { "\($0.rawValue): \($0.summary)." }.joined(separator: "\n"))

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The login name (the PostgreSQL role made for this person).")
    var name: String

    @Option(help: ArgumentHelp("analyst, clerk, department or admin.", valueName: "ROLE"))
    var role: String

    @Option(help: ArgumentHelp("A clerk's area: the 12-digit code of a township or community (or its 9 or 12 digits).",
                               valueName: "CODE"))
    var area: String?

    @Option(help: ArgumentHelp("Read the password from the first line of this file (else it is asked for on the terminal).",
                               valueName: "FILE"))
    var passwordFile: String?

    func run() throws {
        guard let kind = ServerRole(rawValue: role) else {
            throw ValidationError("--role \(role) is not a role; choose one of "
                                  + ServerRole.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let code = try area.map { text -> AreaCode in
            guard let code = AreaCode(text) else {
                throw ValidationError("--area \(text) is not an area code: give 12 digits (360502100000) or a short form (360502100)")
            }
            return code
        }
        let db = try UserCommands.open(database)
        let password = try UserCommands.password(for: name, file: passwordFile)
        try UserCommands.report {
            try ServerUsers.add(db, login: name, role: kind, area: code, password: password)
        }
        Console.write("added \(name) as \(kind.rawValue)\(code.map { " of area \($0.full)" } ?? "") on \(db.path)\n")
    }
}

struct UserList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the logins popsh's roles are granted to.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let db = try UserCommands.open(database)
        let users = try UserCommands.report { try ServerUsers.list(db) }
        Console.write("login,role,area\n")
        for user in users { Console.write("\(user.login),\(user.role.rawValue),\(user.area ?? "")\n") }
    }
}

struct UserRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Drop a login and its area.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The login to remove.")
    var name: String

    func run() throws {
        let db = try UserCommands.open(database)
        try UserCommands.report { try ServerUsers.remove(db, login: name) }
        Console.write("removed \(name) from \(db.path)\n")
    }
}

enum UserCommands {
    static func open(_ options: DatabaseOptions) throws -> Database {
        let db: Database
        do {
            db = try DatabaseChoice.open(options)
        } catch let error as PopshError {
            Console.error("popsh: \(error.message)")
            throw ExitCode(1)
        }
        guard Database.isServer(db.path) else {
            Console.error("popsh: users exist only on a PostgreSQL server; \(db.path) is an SQLite file, which whoever "
                          + "can read the file reads whole (name a server with --db postgresql://…)")
            throw ExitCode(1)
        }
        return db
    }

    /// Runs `body`, printing a refusal as one line and exiting 1.
    static func report<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            Console.error("popsh: \(error.message)")
            throw ExitCode(1)
        }
    }

    /// The password from `file`'s first line, else asked twice on the terminal.
    static func password(for name: String, file: String?) throws -> String {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("cannot read the password file \(file)")
            }
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        guard Console.stdinIsTerminal else {
            throw ValidationError("no terminal to ask \(name)'s password on: give it with --password-file FILE")
        }
        let first = ask("password for \(name): "), second = ask("again: ")
        guard first == second else { throw ValidationError("the two passwords differ; nothing was changed") }
        return first
    }

    private static func ask(_ prompt: String) -> String {
        guard let answer = getpass(prompt) else { return "" }
        return String(cString: answer)
    }
}
