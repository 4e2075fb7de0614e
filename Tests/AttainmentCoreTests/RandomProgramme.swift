import AttainmentCore
import TestSupport

/// A random valid programme with score tables and sometimes a roster, for checking the engine
/// against `NaiveReference`.
///
/// Shape: 1-4 requirements of 1-3 indicators, 1-3 programme objectives, 2-6 courses of 1-4
/// objectives, 1-3 components and 2-10 items each (some items split their marks over two
/// objectives), 1-40 students per course drawn from one pool so that students miss courses,
/// scores within [0, full marks], random exclusion masks and rosters.
struct RandomProgramme {
    let seed: UInt64
    let programme: Programme
    let scores: [ScoreTable]
    let roster: [Student]?

    /// The input with the given method choices (the level weights stay the seed's own).
    func input(courseObjective: MethodSettings.CourseObjectiveMethod, courseIndicator: MethodSettings.Aggregate,
               indicator: MethodSettings.IndicatorMethod, requirement: MethodSettings.Aggregate,
               supportWeighting: MethodSettings.SupportWeighting, capAtOne: Bool) -> ProgrammeInput {
        var programme = programme
        programme.methods.courseObjective = courseObjective
        programme.methods.courseIndicator = courseIndicator
        programme.methods.indicator = indicator
        programme.methods.requirement = requirement
        programme.methods.supportWeighting = supportWeighting
        programme.methods.capAtOne = capAtOne
        return ProgrammeInput(programme: programme, scores: scores, roster: roster)
    }

    init(seed: UInt64) {
        self.seed = seed
        var random = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 17)

        // Requirements and their indicators.
        var requirements: [Requirement] = []
        for g in 1...random.int(1...4) {
            let indicators = (1...random.int(1...3)).map { Indicator(id: "\(g).\($0)") }
            requirements.append(Requirement(id: "GR\(g)", indicators: indicators))
        }
        let indicatorIDs = requirements.flatMap { $0.indicators.map(\.id) }

        // Programme objectives and the requirement support (levels or numbers per column).
        var objectives: [ProgrammeObjective] = []
        var requirementSupport: [SupportEntry] = []
        for o in 1...random.int(1...3) {
            let id = "PEO\(o)"
            objectives.append(ProgrammeObjective(id: id))
            guard random.chance(0.9) else { continue } // sometimes unsupported: a warning
            let useLevels = random.chance(0.5)
            var supporters = requirements.filter { _ in random.chance(0.6) }
            if supporters.isEmpty { supporters = [random.pick(requirements)] }
            for requirement in random.shuffled(supporters) {
                let strength: SupportStrength = useLevels
                    ? .level(random.pick(SupportLevel.allCases)) : .weight(random.double(0.05, 1))
                requirementSupport.append(SupportEntry(from: requirement.id, to: id, strength: strength))
            }
        }

        // Courses: objectives mapped to random indicators.
        let courseCount = random.int(2...6)
        var courseObjectives: [[CourseObjective]] = []
        for c in 0..<courseCount {
            var list: [CourseObjective] = []
            for k in 1...random.int(1...4) {
                var mapped: [String] = [random.pick(indicatorIDs)]
                if random.chance(0.3) {
                    let other = random.pick(indicatorIDs)
                    if !mapped.contains(other) { mapped.append(other) }
                }
                list.append(CourseObjective(id: "C\(c + 1)O\(k)", indicators: mapped))
            }
            courseObjectives.append(list)
        }
        // Every indicator supported by at least one course.
        for indicator in indicatorIDs {
            let reached = courseObjectives.contains { $0.contains { $0.indicators.contains(indicator) } }
            if !reached {
                let c = random.int(0...courseCount - 1)
                let k = random.int(0...courseObjectives[c].count - 1)
                courseObjectives[c][k].indicators.append(indicator)
            }
        }

        // Course support: exactly the (course, indicator) pairs the objectives reach; each
        // indicator column uses levels or numbers, never both.
        var columnUsesLevels: [String: Bool] = [:]
        for indicator in indicatorIDs { columnUsesLevels[indicator] = random.chance(0.6) }
        var courseSupport: [SupportEntry] = []
        for c in 0..<courseCount {
            var reached: [String] = []
            for objective in courseObjectives[c] {
                for indicator in objective.indicators where !reached.contains(indicator) { reached.append(indicator) }
            }
            for indicator in random.shuffled(reached) {
                let strength: SupportStrength = columnUsesLevels[indicator] == true
                    ? .level(random.pick(SupportLevel.allCases)) : .weight(random.double(0.05, 1))
                courseSupport.append(SupportEntry(from: "C\(c + 1)", to: indicator, strength: strength))
            }
        }

        // Assessment plans.
        var courses: [Course] = []
        for c in 0..<courseCount {
            let objectivesHere = courseObjectives[c]
            let componentCount = random.int(1...3)
            var components: [AssessmentComponent] = []
            let weightStyle = random.int(0...2) // free numbers, fractions of 1, percentages
            for m in 1...componentCount {
                let raw = random.double(0.5, 10)
                components.append(AssessmentComponent(id: "K\(m)", weight: raw))
            }
            if weightStyle > 0 {
                let total = components.reduce(0) { $0 + $1.weight }
                for m in components.indices {
                    components[m].weight = components[m].weight / total * (weightStyle == 1 ? 1 : 100)
                }
            }
            let itemCount = max(random.int(2...10), objectivesHere.count)
            // The first items assess each objective once; the rest at random.
            var primary: [Int] = Array(0..<objectivesHere.count)
            while primary.count < itemCount { primary.append(random.int(0...objectivesHere.count - 1)) }
            primary = random.shuffled(primary)
            var items: [AssessmentItem] = []
            for j in 0..<itemCount {
                let fullMarks = random.chance(0.7) ? Double(random.pick([2, 5, 10, 15, 20, 30, 100])) : random.double(1, 40)
                let component = "K\(random.int(1...componentCount))"
                let k = primary[j]
                if objectivesHere.count >= 2, random.chance(0.3) {
                    var other = random.int(0...objectivesHere.count - 1)
                    if other == k { other = (k + 1) % objectivesHere.count }
                    let share = fullMarks * random.double(0.2, 0.8)
                    items.append(AssessmentItem(
                        id: "Q\(j + 1)", component: component, fullMarks: fullMarks,
                        marks: [
                            ObjectiveMarks(objective: objectivesHere[k].id, marks: share),
                            ObjectiveMarks(objective: objectivesHere[other].id, marks: fullMarks - share),
                        ]))
                } else {
                    items.append(AssessmentItem(
                        id: "Q\(j + 1)", component: component, fullMarks: fullMarks, objective: objectivesHere[k].id))
                }
            }
            // Some components weight their items (方式权重), as fractions, percentages or free numbers.
            for component in components where random.chance(0.25) {
                let style = random.int(0...2)
                let members = items.indices.filter { items[$0].component == component.id }
                var weights = members.map { _ in random.double(0.1, 5) }
                let total = weights.reduce(0, +)
                if style > 0 { weights = weights.map { $0 / total * (style == 1 ? 1 : 100) } }
                for (j, weight) in zip(members, weights) { items[j].weight = weight }
            }
            courses.append(Course(
                id: "C\(c + 1)", credits: random.pick([0.5, 1, 1.5, 2, 3, 4, 6]), objectives: objectivesHere,
                components: components, items: items))
        }

        // Level weights and thresholds vary per seed.
        var methods = MethodSettings()
        if random.chance(0.5) {
            let low = random.double(0.2, 2)
            let medium = low + random.double(0.1, 2)
            methods.levelWeights = LevelWeights(high: medium + random.double(0.1, 2), medium: medium, low: low)
        }
        let thresholds = Thresholds(
            classLevel: random.pick([0.6, 0.65, 0.7, 0.75, 0.8]), individual: random.pick([0.5, 0.6, 0.65]))

        // Students: ids of mixed lengths so that ordering by id is not ordering by number.
        let pool = (0..<random.int(1...50)).map { Student(id: "S\(random.int(1...999))-\($0)") }
        var tables: [ScoreTable] = []
        for course in courses {
            let count = random.int(1...min(40, pool.count))
            let students = Array(random.shuffled(pool).prefix(count))
            let scoreStyle = random.int(0...2) // continuous, whole marks, half marks
            let maskStyle = random.int(0...9)  // 0-3 no mask, 4 all ones, 5-9 random holes
            var scores = Matrix(rows: students.count, columns: course.items.count)
            var included = Matrix(rows: students.count, columns: course.items.count, repeating: 1)
            for p in 0..<students.count {
                let wholeRowOut = maskStyle >= 5 && random.chance(0.08)
                for (j, item) in course.items.enumerated() {
                    var score = random.double(0, item.fullMarks)
                    switch scoreStyle {
                    case 1: score = min(score.rounded(), item.fullMarks)
                    case 2: score = min((score * 2).rounded() / 2, item.fullMarks)
                    default: break
                    }
                    if random.chance(0.05) { score = item.fullMarks }
                    if random.chance(0.05) { score = 0 }
                    if maskStyle >= 5, wholeRowOut || random.chance(0.1) {
                        included[p, j] = 0
                        score = 0 // a left-out entry holds 0 (ScoreTable's contract)
                    }
                    scores[p, j] = score
                }
            }
            tables.append(ScoreTable(students: students, scores: scores, included: maskStyle >= 4 ? included : nil))
        }

        // Sometimes a roster: some students with scores left off, some without scores added.
        var roster: [Student]? = nil
        if random.chance(0.35) {
            var withScores: [Student] = []
            for table in tables {
                for student in table.students where !withScores.contains(student) { withScores.append(student) }
            }
            var list = withScores.filter { _ in !random.chance(0.15) }
            for extra in 0..<random.int(0...3) { list.append(Student(id: "R\(extra)")) }
            roster = random.shuffled(list)
        }

        self.programme = Programme(
            id: "P\(seed)", name: "random programme \(seed)", cohort: "2022", thresholds: thresholds,
            methods: methods, objectives: objectives, requirements: requirements,
            requirementSupport: requirementSupport, courses: courses, courseSupport: courseSupport)
        self.scores = tables
        self.roster = roster
    }
}
