package gateway

// decision is what a genuine, fresh event asks of the gateway: carry out
// work (act), or answer and do nothing.
type decision[T any] struct {
	act    bool
	work   T       // what to start or signal, when act
	answer outcome // the reply, when not act
}
