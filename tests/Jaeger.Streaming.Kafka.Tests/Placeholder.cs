namespace Jaeger.Streaming.Kafka.Tests;
