package workflows

import "go.temporal.io/sdk/workflow"

// DeliveryToken remembers one Lever delivery token for as long as the
// delivery could be replayed. Lever signs only a delivery's token and time,
// not its body, and sends a new token with every delivery, retries included:
// a token seen twice is a replay, perhaps with other data. The gateway starts
// this workflow under an id made of the token before it acts on a delivery;
// while it runs, a second start fails, and the gateway refuses the replay.
// Once it ends, the delivery's time is outside the replay window and the
// freshness check refuses it instead. The gateway delays its start until
// then, so it holds the id without running; the sleep covers a start without
// delay. Temporal is the store every gateway process shares.
func DeliveryToken(ctx workflow.Context, in DeliveryTokenInput) error {
	if wait := in.Until.Sub(workflow.Now(ctx)); wait > 0 {
		return workflow.Sleep(ctx, wait)
	}
	return nil
}
