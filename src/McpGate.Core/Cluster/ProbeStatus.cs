namespace McpGate.Core.Cluster;

public enum ProbeStatus
{
    Progressing,
    Done,
    Failed,
}
