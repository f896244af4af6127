using Jaeger.Streaming.Ingester;

var builder = WebApplication.CreateBuilder(args);
builder.AddIngester();

var app = builder.Build();
app.MapIngester();
app.Run();
