// One set of generated certificates serves every test in the assembly.
[assembly: AssemblyFixture(typeof(Jaeger.Streaming.Kafka.Tests.TestCertificates))]
