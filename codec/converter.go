package codec

import (
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
)

// PayloadCodec is the ring's AES-256-GCM codec.
func (r *KeyRing) PayloadCodec() converter.PayloadCodec { return payloadCodec{ring: r} }

// DataConverter is the SDK's default converter with every payload sealed
// by the ring: set it as client.Options.DataConverter.
func (r *KeyRing) DataConverter() converter.DataConverter {
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), r.PayloadCodec())
}

// FailureConverter moves failure messages and stack traces into an
// encrypted payload, so an error that quotes candidate data is sealed as
// well: set it as client.Options.FailureConverter.
func (r *KeyRing) FailureConverter() converter.FailureConverter {
	return temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
		DataConverter:          r.DataConverter(),
		EncodeCommonAttributes: true,
	})
}
