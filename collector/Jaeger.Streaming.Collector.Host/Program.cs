using Jaeger.Streaming.Collector;

var builder = WebApplication.CreateBuilder(args);
builder.AddCollector();

var app = builder.Build();
app.MapCollector();
app.Run();
