// TableCatalog: the tables analysts name in popsh (`people`, `wis`, `children`, the
// feeds, ...) as plan sources over the schema's tables, with the kind of each column.
// `people` adds the stored derived codes and the age on a reference day.

public enum TableCatalog {
    /// Table names as popsh knows them, with the database table behind each.
    public static let tables: [(name: String, table: String)] = [
        ("people", "persons"), ("wis", "wis_cards"), ("children", "wis_children"), ("units", "units"),
        ("areas", "areas"), ("marriages", "marriages"), ("births", "births"), ("deaths", "deaths"),
        ("abortions", "abortions"), ("hukou_events", "hukou_events"), ("quarantine", "quarantine"),
        ("imports", "imports"), ("targets", "targets"), ("report_settings", "report_settings"),
    ]

    /// The plan of the table popsh calls `name`; `on` is the day `people.age` counts to.
    public static func plan(named name: String, on day: CivilDate) -> Plan? {
        guard let entry = tables.first(where: { $0.name == name }) else { return nil }
        return Plan(name: name, source: source(entry.table, on: day))
    }

    static func source(_ table: String, on day: CivilDate) -> PlanSource {
        let definition = definitions[table]!
        // The batch of a register or WIS row is bookkeeping; feeds and imports keep it
        // because analysts trace a record back to its file.
        let hidden: Set<String> = ["persons", "wis_cards", "wis_children", "units", "areas"].contains(table)
            ? ["batch_id"] : []
        var columns = definition.columns.filter { !hidden.contains($0.name) }.map { column in
            (column: PlanColumn(column.name, kind(column.type)), value: PlanExpr.column(column.name))
        }
        if table == "persons" {
            let birth = columns.firstIndex { $0.column.name == "birth_date" }!
            columns.insert((PlanColumn("age", .integer),
                            .age(birth: .column("birth_date"), on: .value(.text(day.description), .date))), at: birth + 1)
            for derived in DerivedColumns.persons {
                let k: ValueKind = derived.column == "local_hukou" ? .bool : kind(derived.type)
                columns.append((PlanColumn(derived.column, k), .column(derived.column)))
            }
        }
        return PlanSource(table: table, columns: columns)
    }

    private static let definitions: [String: TableDefinition] = {
        var all: [String: TableDefinition] = [:]
        for table in Schema.coreTables + [Schema.auditLog, Targets.table, ReportSettings.table] { all[table.name] = ImportBookkeeping.migrated(table) }
        return all
    }()

    static func kind(_ type: ColumnType) -> ValueKind {
        switch type {
        case .text: return .text
        case .integer, .serialKey: return .integer
        case .real: return .real
        case .date: return .date
        }
    }
}
