//! A sign-in as the page draws it: the six rungs of the Webex for BroadWorks ladder, each
//! with the logged steps that belong to it and one outcome for its colour.

use loupe_core::{SignIn, SignInStatus, SignInStep, SignInStepKind, StepOutcome};

/// The server steps in ladder order; the Webex app's own lines are context, drawn apart.
pub const LADDER: [SignInStepKind; 6] = [
    SignInStepKind::Profile,
    SignInStepKind::OciVerify,
    SignInStepKind::Token,
    SignInStepKind::DeviceProfile,
    SignInStepKind::TokenValidation,
    SignInStepKind::DeviceList,
];

/// How a rung is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RungState {
    /// Logged and worked.
    Ok,
    /// Logged and failed.
    Failed,
    /// Logged without a result.
    Seen,
    /// Not in these logs, though the sign-in got further (or ended): a log is missing.
    NotLogged,
    /// After the step where the sign-in died: never happened.
    NotReached,
}

/// One rung of one sign-in.
#[derive(Debug, Clone, PartialEq)]
pub struct Rung<'a> {
    /// Which step.
    pub kind: SignInStepKind,
    /// Its colour.
    pub state: RungState,
    /// The step where the sign-in died.
    pub failed_here: bool,
    /// The logged steps of this kind, in time order.
    pub steps: Vec<&'a SignInStep>,
}

impl Rung<'_> {
    /// The distinct HTTP statuses logged for this step, in order of appearance.
    pub fn http_statuses(&self) -> Vec<u16> {
        let mut statuses: Vec<u16> = Vec::new();
        for status in self.steps.iter().filter_map(|s| s.http_status) {
            if !statuses.contains(&status) {
                statuses.push(status);
            }
        }
        statuses
    }

    /// The distinct files the step was seen in.
    pub fn files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = Vec::new();
        for step in &self.steps {
            if !files.contains(&step.path.as_str()) {
                files.push(&step.path);
            }
        }
        files
    }
}

/// The sign-in's ladder: the Webex app's context first when it was logged, then the six
/// server rungs.
pub fn rungs(signin: &SignIn) -> Vec<Rung<'_>> {
    let client = rung(signin, SignInStepKind::Client, false);
    let died_at = signin.failed_step.and_then(|kind| LADDER.iter().position(|&k| k == kind));
    let mut all: Vec<Rung<'_>> = Vec::with_capacity(LADDER.len() + 1);
    if !client.steps.is_empty() || signin.failed_step == Some(SignInStepKind::Client) {
        all.push(client);
    }
    for (index, &kind) in LADDER.iter().enumerate() {
        let past_death = died_at.is_some_and(|died| index > died);
        all.push(rung(signin, kind, past_death));
    }
    all
}

fn rung(signin: &SignIn, kind: SignInStepKind, past_death: bool) -> Rung<'_> {
    let steps: Vec<&SignInStep> = signin.steps.iter().filter(|s| s.step == kind).collect();
    let failed_here = signin.status == SignInStatus::Failed && signin.failed_step == Some(kind);
    let any = |outcome: StepOutcome| steps.iter().any(|s| s.outcome == outcome);
    let state = if failed_here {
        RungState::Failed
    } else if steps.is_empty() {
        if past_death {
            RungState::NotReached
        } else {
            RungState::NotLogged
        }
    } else if any(StepOutcome::Ok) {
        // A retry that worked counts; a failure elsewhere is what killed the sign-in.
        RungState::Ok
    } else if any(StepOutcome::Failed) {
        RungState::Failed
    } else {
        RungState::Seen
    };
    Rung { kind, state, failed_here, steps }
}

/// Sign-ins per status, for the filter chips: (failed, incomplete, complete).
pub fn status_counts(signins: &[SignIn]) -> (usize, usize, usize) {
    let count = |s: SignInStatus| signins.iter().filter(|x| x.status == s).count();
    (count(SignInStatus::Failed), count(SignInStatus::Incomplete), count(SignInStatus::Complete))
}

/// Sign-in cards rendered at once: a large bundle holds thousands of sign-ins, and
/// rendering them all froze the page for tens of seconds.
pub const SHOWN_SIGNINS: usize = 100;

/// The status filter a sign-in list opens with: the failures, when there are too many
/// sign-ins to show and some of them failed (what a support engineer is looking for);
/// otherwise all of them.
pub fn initial_status(signins: &[SignIn]) -> Option<SignInStatus> {
    let failed = signins.iter().any(|s| s.status == SignInStatus::Failed);
    (signins.len() > SHOWN_SIGNINS && failed).then_some(SignInStatus::Failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signin(status: SignInStatus) -> SignIn {
        SignIn {
            tracking_id: "CLIENT_x".to_owned(),
            user: None,
            status,
            failed_step: None,
            verdict: String::new(),
            steps: Vec::new(),
        }
    }

    #[test]
    fn a_large_list_opens_on_its_failures() {
        let mut signins = vec![signin(SignInStatus::Incomplete); SHOWN_SIGNINS];
        assert_eq!(initial_status(&signins), None, "everything fits");
        signins.push(signin(SignInStatus::Complete));
        assert_eq!(initial_status(&signins), None, "too many, but nothing failed");
        signins.push(signin(SignInStatus::Failed));
        assert_eq!(initial_status(&signins), Some(SignInStatus::Failed));
    }

    fn step(kind: SignInStepKind, outcome: StepOutcome, http: Option<u16>, path: &str) -> SignInStep {
        SignInStep {
            step: kind,
            outcome,
            http_status: http,
            time: None,
            path: path.to_owned(),
            line: 1,
            text: String::new(),
        }
    }

    fn died_at_token_validation() -> SignIn {
        use SignInStepKind::*;
        SignIn {
            tracking_id: "CLIENT_1".to_owned(),
            user: None,
            status: SignInStatus::Failed,
            failed_step: Some(TokenValidation),
            verdict: String::new(),
            steps: vec![
                step(Client, StepOutcome::Seen, None, "current_log.txt"),
                step(Profile, StepOutcome::Ok, Some(200), "access_log"),
                step(Profile, StepOutcome::Ok, Some(200), "XsiActionsLog"),
                step(Token, StepOutcome::Ok, Some(200), "access_log"),
                step(DeviceProfile, StepOutcome::Failed, Some(401), "access_log"),
                step(TokenValidation, StepOutcome::Failed, Some(401), "authService"),
            ],
        }
    }

    #[test]
    fn the_ladder_marks_the_death_and_what_came_after() {
        let signin = died_at_token_validation();
        let rungs = rungs(&signin);
        let states: Vec<_> = rungs.iter().map(|r| (r.kind, r.state, r.failed_here)).collect();
        use RungState::*;
        use SignInStepKind::*;
        assert_eq!(
            states,
            vec![
                (Client, Seen, false),
                (Profile, Ok, false),
                (OciVerify, NotLogged, false),
                (Token, Ok, false),
                (DeviceProfile, Failed, false),
                (TokenValidation, Failed, true),
                (DeviceList, NotReached, false),
            ]
        );
        assert_eq!(rungs[1].files(), vec!["access_log", "XsiActionsLog"]);
        assert_eq!(rungs[1].http_statuses(), vec![200]);
    }

    #[test]
    fn without_client_lines_the_ladder_starts_at_the_profile() {
        let mut signin = died_at_token_validation();
        signin.steps.retain(|s| s.step != SignInStepKind::Client);
        assert_eq!(rungs(&signin)[0].kind, SignInStepKind::Profile);
        assert_eq!(rungs(&signin).len(), LADDER.len());
    }
}
