using McpGate.Bench;

return await BenchProgram.RunAsync(args);
