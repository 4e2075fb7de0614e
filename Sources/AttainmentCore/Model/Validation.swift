extension Programme {
    /// Checks the programme's structure: ids, support matrices, assessment plans.
    ///
    /// Errors stop a run; warnings are reported and the run goes on (weights are normalised).
    /// Score sheets are checked by the readers, which know files, rows and columns.
    /// - Returns: every diagnostic found, in a stable order, without locations.
    public func validate() -> [Diagnostic] {
        var found: [Diagnostic] = []
        func error(_ code: DiagnosticCode, _ message: String, _ subject: DiagnosticSubject) {
            found.append(Diagnostic(.error, code, message, subject: subject))
        }
        func warning(_ code: DiagnosticCode, _ message: String, _ subject: DiagnosticSubject) {
            found.append(Diagnostic(.warning, code, message, subject: subject))
        }

        // Class values are levels 0…bands.count under NBA (§11); students' values are rubric
        // levels under ABET (§12).
        let classMaximum = methods.classValueMaximum
        if !(0...classMaximum).contains(thresholds.classLevel) {
            error(.invalidValue, "the class threshold must lie between 0 and \(shortDecimal(classMaximum))", .threshold("class"))
        }
        if methods.courseObjective == .rubricLevels {
            if !(thresholds.individual >= 0 && thresholds.individual.isFinite) {
                error(.invalidValue, "the individual threshold (a rubric level) must be a number of 0 or more", .threshold("individual"))
            }
        } else if !(0...1).contains(thresholds.individual) {
            error(.invalidValue, "the individual threshold must lie between 0 and 1", .threshold("individual"))
        }
        validateSchemeSettings(error)
        for level in SupportLevel.allCases where !(methods.levelWeights.weight(of: level) > 0) {
            error(.invalidValue, "the weight of level \(level.rawValue) must be positive", .programme)
        }

        // Ids.
        let objectiveIDs = uniqueIDs(objectives.map(\.id), kind: "programme objective", into: &found) {
            .programmeObjective($0)
        }
        let requirementIDs = uniqueIDs(requirements.map(\.id), kind: "requirement", into: &found) {
            .requirement($0)
        }
        let indicatorIDs = uniqueIDs(indicators.map(\.id), kind: "indicator", into: &found) { .indicator($0) }
        let courseIDs = uniqueIDs(courses.map(\.id), kind: "course", into: &found) { .course($0) }
        for requirement in requirements where requirement.indicators.isEmpty {
            error(.missingField, "requirement \(requirement.id) has no indicators", .requirement(requirement.id))
        }

        // Requirement → programme objective support.
        for entry in requirementSupport {
            let subject = DiagnosticSubject.requirementSupport(requirement: entry.from, objective: entry.to)
            if !requirementIDs.contains(entry.from) {
                error(.unknownID, "requirement \(entry.from) is not defined", subject)
            }
            if !objectiveIDs.contains(entry.to) {
                error(.unknownID, "programme objective \(entry.to) is not defined", subject)
            }
            if case .weight(let weight) = entry.strength, !(weight > 0) {
                error(.invalidValue, "a support weight must be positive", subject)
            }
        }
        reportDuplicateEntries(requirementSupport, into: &found) { .requirementSupport(requirement: $0.from, objective: $0.to) }
        for objective in objectives where !requirementSupport.contains(where: { $0.to == objective.id }) {
            warning(
                .objectiveUnsupported,
                "programme objective \(objective.id) is supported by no requirement and will not be evaluated",
                .programmeObjective(objective.id))
        }
        checkColumnWeights(
            requirementSupport, columns: objectives.map(\.id), kind: "programme objective",
            subject: { .programmeObjective($0) }, into: &found)

        // Elective groups (methods.md §14).
        let groupIDs = validateElectiveGroups(courseIDs: courseIDs, into: &found)
        let memberIDs = Set(electiveGroups.flatMap(\.courses))

        // Course → indicator support.
        for entry in courseSupport {
            let subject = DiagnosticSubject.courseSupport(course: entry.from, indicator: entry.to)
            if memberIDs.contains(entry.from) {
                let group = electiveGroup(containing: entry.from)?.id ?? ""
                error(
                    .invalidValue,
                    "course \(entry.from) belongs to elective group \(group): give its support on the row of \(group), not its own",
                    subject)
            } else if !courseIDs.contains(entry.from) && !groupIDs.contains(entry.from) {
                error(.unknownID, "course \(entry.from) in the support matrix has no course file", subject)
            }
            if !indicatorIDs.contains(entry.to) {
                error(.unknownID, "indicator \(entry.to) in the support matrix is not defined", subject)
            }
            if case .weight(let weight) = entry.strength, !(weight > 0) {
                error(.invalidValue, "a support weight must be positive", subject)
            }
        }
        reportDuplicateEntries(courseSupport, into: &found) { .courseSupport(course: $0.from, indicator: $0.to) }
        if methods.supportWeighting == .levels {
            checkColumnWeights(
                courseSupport, columns: indicators.map(\.id), kind: "indicator",
                subject: { .indicator($0) }, into: &found)
        }
        for indicator in indicators {
            let supporters = courseSupport.filter { $0.to == indicator.id }
            if supporters.isEmpty {
                error(.indicatorUnsupported, "indicator \(indicator.id) is supported by no course", .indicator(indicator.id))
            } else if supporters.count == 1 {
                warning(
                    .singleSupportingCourse,
                    "indicator \(indicator.id) is supported by a single course (\(supporters[0].from))",
                    .indicator(indicator.id))
            }
        }

        for course in courses {
            validateCourse(course, indicatorIDs: indicatorIDs, into: &found)
            if !courseSupport.contains(where: { $0.from == supportID(ofCourse: course.id) }) {
                warning(
                    .invalidValue, "course \(course.id) supports no indicator in the support matrix",
                    .course(course.id))
            }
        }
        return found
    }

    private func validateCourse(_ course: Course, indicatorIDs: Set<String>, into found: inout [Diagnostic]) {
        let id = course.id
        if course.objectives.isEmpty {
            found.append(Diagnostic(.error, .missingField, "course \(id) has no objectives", subject: .course(id)))
        }
        if course.credits < 0 || (methods.supportWeighting == .credits && !(course.credits > 0)) {
            found.append(Diagnostic(
                .error, .invalidValue, "course \(id) needs positive credits when support is weighted by credits",
                subject: .course(id)))
        }
        let objectiveIDs = uniqueIDs(course.objectives.map(\.id), kind: "objective of \(id)", into: &found) {
            .courseObjective(course: id, objective: $0)
        }
        let componentIDs = uniqueIDs(course.components.map(\.id), kind: "component of \(id)", into: &found) {
            .component(course: id, component: $0)
        }
        _ = uniqueIDs(course.items.map(\.id), kind: "item of \(id)", into: &found) { .item(course: id, item: $0) }

        // Objectives and the indicators they support, against the support matrix: a member of
        // an elective group against its group's row (methods.md §14).
        let supportRow = supportID(ofCourse: id)
        let rowName = supportRow == id ? id : "\(supportRow) (the elective group of \(id))"
        let supported = Set(courseSupport.filter { $0.from == supportRow }.map(\.to))
        var reached = Set<String>()
        for objective in course.objectives {
            let subject = DiagnosticSubject.courseObjective(course: id, objective: objective.id)
            if objective.indicators.isEmpty {
                found.append(Diagnostic(
                    .error, .missingField, "objective \(objective.id) of \(id) supports no indicator", subject: subject))
            }
            for indicator in objective.indicators {
                if !indicatorIDs.contains(indicator) {
                    found.append(Diagnostic(
                        .error, .unknownID, "objective \(objective.id) of \(id) names indicator \(indicator), which is not defined",
                        subject: subject))
                } else if !supported.contains(indicator) {
                    found.append(Diagnostic(
                        .error, .objectiveWithoutSupport,
                        "objective \(objective.id) of \(id) supports indicator \(indicator), but the support matrix has no entry for \(rowName) × \(indicator)",
                        subject: subject))
                }
                reached.insert(indicator)
            }
        }
        for indicator in courseSupport.filter({ $0.from == supportRow }).map(\.to) where !reached.contains(indicator) {
            found.append(Diagnostic(
                .error, .supportWithoutObjective,
                supportRow == id
                    ? "the support matrix maps \(id) to indicator \(indicator), but none of its objectives supports \(indicator)"
                    : "the support matrix maps elective group \(supportRow) to indicator \(indicator), but none of the objectives of its course \(id) supports \(indicator)",
                subject: .courseSupport(course: supportRow, indicator: indicator)))
        }

        // Components.
        for component in course.components where !(component.weight > 0) {
            found.append(Diagnostic(
                .error, .componentWeight, "component \(component.id) of \(id) must have a positive weight",
                subject: .component(course: id, component: component.id)))
        }
        let weightSum = course.components.reduce(0) { $0 + $1.weight }
        if !course.components.isEmpty, abs(weightSum - 1) > 1e-9, abs(weightSum - 100) > 1e-7, weightSum > 0 {
            found.append(Diagnostic(
                .warning, .weightsNormalised,
                "component weights of \(id) sum to \(weightSum), not 1; they are normalised",
                subject: .course(id)))
        }

        // NBA splits a course into internal and end-semester assessment (§11).
        if methods.courseObjective == .attainmentLevels {
            for component in course.components where component.kind == nil {
                found.append(Diagnostic(
                    .error, .missingField,
                    "component \(component.id) of \(id) needs a kind (internal or end-semester) under course_objective: attainment-levels",
                    subject: .component(course: id, component: component.id)))
            }
        }

        // Items.
        var itemsPerObjective = [String: Int]()
        for item in course.items {
            let subject = DiagnosticSubject.item(course: id, item: item.id)
            // ABET: an item is a rubric row, its score a level of one objective (§12).
            if methods.courseObjective == .rubricLevels {
                if item.marks.count > 1 {
                    found.append(Diagnostic(
                        .error, .invalidValue,
                        "item \(item.id) of \(id) splits its marks between objectives; under course_objective: rubric-levels an item is a rubric row of one objective",
                        subject: subject))
                }
                if item.fullMarks > 0, item.fullMarks < methods.abet.targetLevel {
                    found.append(Diagnostic(
                        .error, .invalidValue,
                        "item \(item.id) of \(id) has top level \(shortDecimal(item.fullMarks)), below abet.target_level \(shortDecimal(methods.abet.targetLevel))",
                        subject: subject))
                }
            }
            if !componentIDs.contains(item.component) {
                found.append(Diagnostic(
                    .error, .unknownID, "item \(item.id) of \(id) names component \(item.component), which is not defined",
                    subject: subject))
            }
            if !(item.fullMarks > 0) {
                found.append(Diagnostic(
                    .error, .invalidValue, "item \(item.id) of \(id) must have positive full marks", subject: subject))
            }
            if item.marks.isEmpty {
                found.append(Diagnostic(
                    .error, .missingField, "item \(item.id) of \(id) assesses no objective", subject: subject))
            }
            for (index, part) in item.marks.enumerated() {
                if !objectiveIDs.contains(part.objective) {
                    found.append(Diagnostic(
                        .error, .unknownID, "item \(item.id) of \(id) names objective \(part.objective), which is not defined",
                        subject: subject))
                }
                // An item names a few objectives: a look back costs less than a set.
                if item.marks[..<index].contains(where: { $0.objective == part.objective }) {
                    found.append(Diagnostic(
                        .error, .duplicateID, "item \(item.id) of \(id) names objective \(part.objective) twice",
                        subject: subject))
                }
                if !(part.marks > 0) {
                    found.append(Diagnostic(
                        .error, .invalidValue, "item \(item.id) of \(id) gives \(part.objective) no positive marks",
                        subject: subject))
                }
                itemsPerObjective[part.objective, default: 0] += 1
            }
            let total = item.marks.reduce(0) { $0 + $1.marks }
            if !item.marks.isEmpty, abs(total - item.fullMarks) > 1e-9 * max(1, item.fullMarks) {
                found.append(Diagnostic(
                    .error, .marksDoNotAddUp,
                    "the marks item \(item.id) of \(id) gives its objectives add up to \(total), not its full marks \(item.fullMarks)",
                    subject: subject))
            }
        }
        // Item weights within a component: all or none, positive, normalised per component.
        for component in course.components {
            let items = course.items.filter { $0.component == component.id }
            let weights = items.compactMap { item in item.weight.map { (item: item.id, weight: $0) } }
            guard !weights.isEmpty else { continue }
            let subject = DiagnosticSubject.component(course: id, component: component.id)
            if weights.count < items.count {
                let missing = items.filter { $0.weight == nil }.map(\.id).joined(separator: ", ")
                found.append(Diagnostic(
                    .error, .missingField,
                    "component \(component.id) of \(id) weights some of its items but not \(missing); weight all or none",
                    subject: subject))
                continue
            }
            for (item, weight) in weights where !(weight > 0 && weight.isFinite) {
                found.append(Diagnostic(
                    .error, .invalidValue, "item \(item) of \(id) must have a positive weight",
                    subject: .item(course: id, item: item)))
            }
            let sum = weights.reduce(0) { $0 + $1.weight }
            if sum > 0, abs(sum - 1) > 1e-9, abs(sum - 100) > 1e-7 {
                found.append(Diagnostic(
                    .warning, .weightsNormalised,
                    "item weights of component \(component.id) of \(id) sum to \(sum), not 1; they are normalised",
                    subject: subject))
            }
        }
        for objective in course.objectives {
            let subject = DiagnosticSubject.courseObjective(course: id, objective: objective.id)
            switch itemsPerObjective[objective.id, default: 0] {
            case 0:
                found.append(Diagnostic(
                    .error, .objectiveNotAssessed, "objective \(objective.id) of \(id) is assessed by no item",
                    subject: subject))
            case 1:
                found.append(Diagnostic(
                    .warning, .singleItemObjective, "objective \(objective.id) of \(id) is assessed by a single item",
                    subject: subject))
            default:
                break
            }
        }
    }

    /// Checks the elective groups: ids unique and distinct from course ids, at least two member
    /// courses each, every member a course of the programme and in one group only, and members
    /// of equal credits when support is weighted by credits (methods.md §14).
    /// - Returns: the groups' ids.
    private func validateElectiveGroups(courseIDs: Set<String>, into found: inout [Diagnostic]) -> Set<String> {
        let groupIDs = uniqueIDs(electiveGroups.map(\.id), kind: "elective group", into: &found) { .electiveGroup($0) }
        var groupOfCourse = [String: String]()
        for group in electiveGroups {
            let subject = DiagnosticSubject.electiveGroup(group.id)
            if courseIDs.contains(group.id) {
                found.append(Diagnostic(
                    .error, .duplicateID, "elective group \(group.id) has the id of a course; give the group its own id",
                    subject: subject))
            }
            if Set(group.courses).count < 2 {
                found.append(Diagnostic(
                    .error, .invalidValue, "elective group \(group.id) needs at least two different courses", subject: subject))
            }
            for course in group.courses {
                if !courseIDs.contains(course) {
                    found.append(Diagnostic(
                        .error, .unknownID, "course \(course) of elective group \(group.id) has no course file", subject: subject))
                }
                if let other = groupOfCourse[course] {
                    found.append(Diagnostic(
                        .error, .duplicateID,
                        other == group.id
                            ? "course \(course) is listed twice in elective group \(group.id)"
                            : "course \(course) is in elective groups \(other) and \(group.id); a course may be in one group only",
                        subject: subject))
                } else {
                    groupOfCourse[course] = group.id
                }
            }
            if methods.supportCount == .objective {
                // The group's support weight counts its objectives mapped to each indicator: the
                // members must agree on that number, or the weight would depend on the course a
                // student took (methods.md §4.1, §14.2).
                for entry in courseSupport where entry.from == group.id {
                    let counts = Set(courses.filter { group.courses.contains($0.id) }.map {
                        $0.objectiveIndices(supporting: entry.to).count
                    })
                    if counts.count > 1 {
                        found.append(Diagnostic(
                            .error, .invalidValue,
                            "the courses of elective group \(group.id) map different numbers of objectives to indicator \(entry.to); support_count: objective needs one number for the group",
                            subject: subject))
                    }
                }
            }
            if methods.supportWeighting == .credits {
                let credits = Set(courses.filter { group.courses.contains($0.id) }.map(\.credits))
                if credits.count > 1 {
                    found.append(Diagnostic(
                        .error, .invalidValue,
                        "the courses of elective group \(group.id) have different credits; support weighted by credits needs one number for the group",
                        subject: subject))
                }
            }
        }
        return groupIDs
    }

    /// Checks the settings of NBA's and ABET's methods that the settings' parser cannot
    /// (they may be set in code): bands rising within 0-1, weights, targets (§11, §12).
    private func validateSchemeSettings(_ error: (DiagnosticCode, String, DiagnosticSubject) -> Void) {
        switch methods.courseObjective {
        case .attainmentLevels:
            let nba = methods.nba
            if !(0...1).contains(nba.target) {
                error(.invalidValue, "nba.target must lie between 0 and 1", .programme)
            }
            if nba.bands.isEmpty || !nba.bands.allSatisfy({ (0...1).contains($0) })
                || !zip(nba.bands, nba.bands.dropFirst()).allSatisfy({ $0 < $1 })
            {
                error(.invalidValue, "nba.bands must be shares between 0 and 1 rising from level 1 upwards", .programme)
            }
            if !(nba.internalWeight >= 0 && nba.endSemesterWeight >= 0)
                || !(nba.internalWeight + nba.endSemesterWeight > 0)
            {
                error(.invalidValue, "nba.internal and nba.end_semester must be 0 or more and not both 0", .programme)
            }
        case .rubricLevels:
            if !(methods.abet.targetLevel > 0 && methods.abet.targetLevel.isFinite) {
                error(.invalidValue, "abet.target_level must be a positive number", .programme)
            }
        case .weightedRatios, .weightedSums, .pooledMarks:
            break
        }
    }

    /// Warns for each column of a numeric support matrix whose weights do not sum to 1, and
    /// reports a column that mixes levels and numbers as an error.
    private func checkColumnWeights(
        _ entries: [SupportEntry], columns: [String], kind: String,
        subject: (String) -> DiagnosticSubject, into found: inout [Diagnostic]
    ) {
        for column in columns {
            let cells = entries.filter { $0.to == column }
            var levels = 0
            var sum = 0.0
            for cell in cells {
                switch cell.strength {
                case .level: levels += 1
                case .weight(let weight): sum += weight
                }
            }
            if levels > 0, levels < cells.count {
                found.append(Diagnostic(
                    .error, .invalidValue, "the support of \(kind) \(column) mixes H/M/L levels and numbers",
                    subject: subject(column)))
            } else if levels == 0, !cells.isEmpty, abs(sum - 1) > 1e-9 {
                found.append(Diagnostic(
                    .warning, .weightsNormalised,
                    "the support weights of \(kind) \(column) sum to \(sum), not 1; they are normalised",
                    subject: subject(column)))
            }
        }
    }
}

/// Reports each support cell given more than once.
private func reportDuplicateEntries(
    _ entries: [SupportEntry], into found: inout [Diagnostic], subject: (SupportEntry) -> DiagnosticSubject
) {
    var seen = Set<[String]>()
    for entry in entries where !seen.insert([entry.from, entry.to]).inserted {
        found.append(Diagnostic(
            .error, .duplicateID, "the support of \(entry.to) by \(entry.from) is given more than once",
            subject: subject(entry)))
    }
}

/// Reports each id that is empty or occurs more than once; returns the set of ids.
private func uniqueIDs(
    _ ids: [String], kind: @autoclosure () -> String, into found: inout [Diagnostic],
    subject: (String) -> DiagnosticSubject
) -> Set<String> {
    var seen = Set<String>(minimumCapacity: ids.count)
    for id in ids {
        if id.isEmpty {
            found.append(Diagnostic(.error, .missingField, "a \(kind()) has an empty id", subject: subject(id)))
        } else if !seen.insert(id).inserted {
            found.append(Diagnostic(.error, .duplicateID, "\(kind()) \(id) is defined more than once", subject: subject(id)))
        }
    }
    return seen
}
