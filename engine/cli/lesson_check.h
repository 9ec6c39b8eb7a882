// `thetalab lesson check`: a lesson file (or a built-in's lesson) parsed and its actions
// checked against an experiment, with every error as `file:line: message` on stderr
// (docs/lessons.md, docs/cli.md).
#pragma once
#include <functional>
#include <string>

#include "theta/experiment.h"

namespace theta {

/// Loads an experiment from a file, a share link or a built-in name, printing why it could
/// not (thetalab's own loader).
using ExperimentLoader = std::function<bool(const std::string& source, Experiment& out)>;

/// Check one lesson, `source` being a file or a built-in name, against `experimentSource`
/// (loaded with `load`) or, when that is empty, the built-in its front matter names.
/// Prints "<file>: N steps, M action links, K questions (checked against <experiment>)";
/// returns the exit code (0 valid, 2 not).
int checkLessonFile(const std::string& source, const std::string& experimentSource, const ExperimentLoader& load);

/// Check every built-in lesson against its own built-in experiment; one line each.
int checkBuiltinLessons();

}  // namespace theta
