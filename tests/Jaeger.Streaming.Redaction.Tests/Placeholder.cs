namespace Jaeger.Streaming.Redaction.Tests;
