package leveremulator

import "slices"

// The sandbox's fixed ids: stable across restarts and state files, so that a
// connection configured against one dev run keeps working in the next.
const (
	SandboxPostingID = "6f1c2a4e-8b3d-4f5a-9c7e-0d1b2a3c4e5f"
	SandboxUserID    = "2b7e9c41-6a3f-4d8e-b5c2-7f0a1e9d3c68"
	// SandboxPostingTag is the Codejudge test the sandbox posting is tagged
	// with, as in the product page's example.
	SandboxPostingTag = "CJ-81519"
)

// Stage ids of the sandbox pipeline. Lever's built-in stages have readable
// ids like these ("lead-new", "applicant-new", "offer").
const (
	StageLeadNew         = "lead-new"
	StageApplicantNew    = "applicant-new"
	StageRecruiterScreen = "stage-recruiter-screen"
	StageAssessment      = "stage-assessment"
	StageOnsiteInterview = "stage-onsite"
	StageOffer           = "offer"
)

const (
	sandboxPostingTitle   = "Backend Engineer"
	sandboxUserName       = "Sandbox Recruiter"
	sandboxUserEmail      = "recruiter@sandbox.example"
	sandboxUserAccessRole = "admin"
)

// SandboxStages is the sandbox pipeline, in order.
func SandboxStages() []Stage {
	return []Stage{
		{ID: StageLeadNew, Text: "New lead"},
		{ID: StageApplicantNew, Text: "New applicant"},
		{ID: StageRecruiterScreen, Text: "Recruiter screen"},
		{ID: StageAssessment, Text: "Assessment"},
		{ID: StageOnsiteInterview, Text: "On-site interview"},
		{ID: StageOffer, Text: "Offer"},
	}
}

// Sandbox names what SeedSandbox created.
type Sandbox struct {
	PostingID         string
	AssessmentStageID string
	UserID            string  // the recruiter to perform_as
	Stages            []Stage // the whole pipeline after seeding, in order
}

// SeedSandbox adds to the default account the sandbox's stages, its
// "Backend Engineer" posting tagged CJ-81519 and its recruiter user, each
// unless it exists already (from the state file of an earlier run): existing
// data is never overwritten.
func (e *Emulator) SeedSandbox() (Sandbox, error) { return seedSandbox(e.defaultAccount) }

func seedSandbox(a *account) (Sandbox, error) {
	var stages []Stage
	err := a.write(func(tx *txn) error {
		st := tx.st
		for _, s := range SandboxStages() {
			if st.stageIndex(s.ID) < 0 {
				st.Stages = append(st.Stages, s)
				tx.changed = true
			}
		}
		if st.Users[SandboxUserID] == nil {
			st.Users[SandboxUserID] = &userRecord{
				Seq: tx.nextSeq(), ID: SandboxUserID, Name: sandboxUserName, Email: sandboxUserEmail,
				AccessRole: sandboxUserAccessRole, CreatedAt: tx.nowMs,
			}
			tx.changed = true
		}
		if st.Postings[SandboxPostingID] == nil {
			st.Postings[SandboxPostingID] = &postingRecord{
				Seq: tx.nextSeq(), ID: SandboxPostingID, Text: sandboxPostingTitle, State: "published",
				Tags: []string{SandboxPostingTag}, Team: "Engineering", Location: "Remote", Commitment: "Full-time",
				Owner: SandboxUserID, CreatedAt: tx.nowMs, UpdatedAt: tx.nowMs,
			}
			tx.changed = true
		}
		stages = slices.Clone(st.Stages)
		return nil
	})
	if err != nil {
		return Sandbox{}, err
	}
	return Sandbox{
		PostingID:         SandboxPostingID,
		AssessmentStageID: StageAssessment,
		UserID:            SandboxUserID,
		Stages:            stages,
	}, nil
}
