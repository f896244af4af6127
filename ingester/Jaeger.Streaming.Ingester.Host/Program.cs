using Jaeger.Streaming.Ingester;
using Jaeger.Streaming.Ingester.DeadLetters;
using Jaeger.Streaming.Ingester.Storage.Elasticsearch;

if (args is [IndexCleanerCommand.Name, ..])
{
    return await IndexCleanerCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

if (args is [DeadLetterRedriveCommand.Name, ..])
{
    return await DeadLetterRedriveCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddIngester();

var app = builder.Build();
app.MapIngester();
app.Run();
return 0;
