using Jaeger.Streaming.Query;

var builder = WebApplication.CreateBuilder(args);
builder.AddQuery();

var app = builder.Build();
app.MapQuery();
app.Run();
