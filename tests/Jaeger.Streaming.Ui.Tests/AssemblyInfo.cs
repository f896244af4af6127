// One all-in-one and one browser serve every test. xunit.runner.json runs the tests one at a time, so that page
// timings are not skewed by each other on small CI machines.
[assembly: AssemblyFixture(typeof(Jaeger.Streaming.Ui.Tests.UiFixture))]
