using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

public sealed class RunScopeTests
{
    [Fact]
    public async Task Start_run_emits_start_with_job_facets_and_operation_type()
    {
        await using var tracker = Trackers.InMemory(out var transport);

        using (var run = tracker.StartRun(Trackers.Job, OperationType.Transform, inputs: [Trackers.Orders]))
        {
            run.Complete();
        }

        var start = (await tracker.RunEventsAsync(transport))[0];
        Assert.Equal(RunState.Start, start.EventType);
        Assert.Equal(Trackers.Job, start.Job.Id);
        Assert.Equal(Trackers.Start, start.EventTime);
        Assert.Equal(TrackerOptions.DefaultProducer, start.Producer);
        Assert.Equal([Trackers.Orders], start.Inputs.Select(i => i.Id));
        Assert.Equal(OperationType.Transform, start.Run.Facets.Get<OperationTypeRunFacet>()!.OperationType);
        Assert.Equal(".NET", start.Run.Facets.Get<ProcessingEngineRunFacet>()!.Name);
        Assert.Equal(Environment.Version.ToString(), start.Run.Facets.Get<ProcessingEngineRunFacet>()!.Version);
        Assert.Equal("TRIBUTARY", start.Job.Facets.Get<JobTypeJobFacet>()!.Integration);
    }

    [Fact]
    public async Task Complete_emits_complete_with_inputs_outputs_and_the_same_run_id()
    {
        var clock = new ManualTimeProvider(Trackers.Start);
        await using var tracker = Trackers.InMemory(out var transport, clock);

        using (var run = tracker.StartRun(Trackers.Job, OperationType.Join))
        {
            run.AddInput(Trackers.Orders).AddInput(Trackers.Prices).AddOutput(Trackers.Report);
            clock.Advance(TimeSpan.FromSeconds(3));
            run.Complete();
        }

        var events = await tracker.RunEventsAsync(transport);
        Assert.Equal([RunState.Start, RunState.Complete], events.Select(e => e.EventType!.Value));
        Assert.Equal(events[0].Run.RunId, events[1].Run.RunId);
        Assert.Equal(Trackers.Start.AddSeconds(3), events[1].EventTime);
        Assert.Equal([Trackers.Orders, Trackers.Prices], events[1].Inputs.Select(i => i.Id));
        Assert.Equal([Trackers.Report], events[1].Outputs.Select(o => o.Id));
        Assert.Empty(events[0].Inputs);
    }

    [Fact]
    public async Task Run_ids_are_uuid_version_7()
    {
        await using var tracker = Trackers.InMemory(out _);

        using var run = tracker.StartRun(Trackers.Job);

        Assert.Equal(7, run.RunId.Value.Version);
    }

    [Fact]
    public async Task Record_counts_become_input_and_output_statistics_on_the_final_event()
    {
        await using var tracker = Trackers.InMemory(out var transport);

        await using (var run = tracker.StartRun(Trackers.Job, OperationType.Transform, inputs: [Trackers.Orders], outputs: [Trackers.Report]))
        {
            run.SetInputRecordCount(Trackers.Orders, 1200).SetOutputRecordCount(Trackers.Report, 31);
            await run.CompleteAsync();
        }

        var events = await tracker.RunEventsAsync(transport);
        Assert.Null(events[0].Inputs[0].InputFacets.Get<InputStatisticsInputDatasetFacet>());
        Assert.Equal(1200, events[1].Inputs[0].InputFacets.Get<InputStatisticsInputDatasetFacet>()!.RowCount);
        Assert.Equal(31, events[1].Outputs[0].OutputFacets.Get<OutputStatisticsOutputDatasetFacet>()!.RowCount);
    }

    [Fact]
    public async Task Datasets_given_with_facets_keep_them()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var schema = new SchemaDatasetFacet { Fields = [new SchemaField("id", "BIGINT"), new SchemaField("amount", "DECIMAL")] };

        using (var run = tracker.StartRun(Trackers.Job))
        {
            run.AddInput(new InputDataset(Trackers.Orders) { Facets = FacetSet.Empty.With(SchemaDatasetFacet.Key, schema) });
            run.SetInputRecordCount(Trackers.Orders, 5);
            run.Complete();
        }

        var complete = (await tracker.RunEventsAsync(transport))[1];
        Assert.Single(complete.Inputs);
        Assert.Same(schema, complete.Inputs[0].Facets.Get<SchemaDatasetFacet>());
        Assert.Equal(5, complete.Inputs[0].InputFacets.Get<InputStatisticsInputDatasetFacet>()!.RowCount);
    }

    [Fact]
    public async Task Fail_emits_fail_with_an_error_message_facet_and_stack_trace()
    {
        await using var tracker = Trackers.InMemory(out var transport);

        using (var run = tracker.StartRun(Trackers.Job))
        {
            try
            {
                ThrowFromHelper();
            }
            catch (InvalidOperationException exception)
            {
                run.Fail(exception);
            }
        }

        var fail = (await tracker.RunEventsAsync(transport))[1];
        var error = fail.Run.Facets.Get<ErrorMessageRunFacet>()!;
        Assert.Equal(RunState.Fail, fail.EventType);
        Assert.Equal("prices missing for 2024-01-15", error.Message);
        Assert.Equal("C#", error.ProgrammingLanguage);
        Assert.Contains(nameof(ThrowFromHelper), error.StackTrace);
        Assert.Contains("InvalidOperationException", error.StackTrace);
    }

    [Fact]
    public async Task Unfinished_run_emits_abort_on_dispose()
    {
        await using var tracker = Trackers.InMemory(out var transport);

        using (tracker.StartRun(Trackers.Job))
        {
        }

        var events = await tracker.RunEventsAsync(transport);
        Assert.Equal([RunState.Start, RunState.Abort], events.Select(e => e.EventType!.Value));
    }

    [Fact]
    public async Task A_finished_run_emits_nothing_more()
    {
        await using var tracker = Trackers.InMemory(out var transport);

        var run = tracker.StartRun(Trackers.Job);
        run.Complete();
        run.Fail(new InvalidOperationException("late"));
        run.AddOutput(Trackers.Report);
        await run.DisposeAsync();

        var events = await tracker.RunEventsAsync(transport);
        Assert.Equal([RunState.Start, RunState.Complete], events.Select(e => e.EventType!.Value));
        Assert.Empty(events[1].Outputs);
        Assert.True(run.IsFinished);
    }

    [Fact]
    public async Task Nested_runs_name_their_parent_and_the_root()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        RunScope root, child, grandchild;

        using (root = tracker.StartRun(new JobId("trading", "pipeline")))
        {
            using (child = tracker.StartRun(new JobId("trading", "load")))
            {
                await Task.Yield();
                using (grandchild = tracker.StartRun(new JobId("trading", "load.prices")))
                {
                    grandchild.Complete();
                }

                child.Complete();
            }

            root.Complete();
        }

        var starts = (await tracker.RunEventsAsync(transport)).Where(e => e.EventType == RunState.Start).ToDictionary(e => e.Job.Id.Name);
        Assert.Null(starts["pipeline"].Run.Facets.Get<ParentRunFacet>());
        var childParent = starts["load"].Run.Facets.Get<ParentRunFacet>()!;
        Assert.Equal((root.RunId, root.Job, root.RunId), (childParent.Run, childParent.Job, childParent.RootRun!.Value));
        var grandchildParent = starts["load.prices"].Run.Facets.Get<ParentRunFacet>()!;
        Assert.Equal((child.RunId, root.RunId, root.Job), (grandchildParent.Run, grandchildParent.RootRun!.Value, grandchildParent.RootJob!.Value));
    }

    [Fact]
    public async Task Runs_started_after_a_scope_ends_have_no_parent()
    {
        await using var tracker = Trackers.InMemory(out var transport);

        using (var first = tracker.StartRun(new JobId("trading", "first")))
        {
            first.Complete();
        }

        Assert.Null(LineageTracker.CurrentRun);
        using (tracker.StartRun(new JobId("trading", "second")))
        {
        }

        var second = (await tracker.RunEventsAsync(transport)).First(e => e.Job.Id.Name == "second");
        Assert.Null(second.Run.Facets.Get<ParentRunFacet>());
    }

    [Fact]
    public async Task An_explicit_parent_wins_over_the_current_run()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var scheduler = new ParentRunFacet(RunId.New(), new JobId("airflow", "dag.task")) { RootRun = RunId.New(), RootJob = new JobId("airflow", "dag") };

        using (tracker.StartRun(new JobId("trading", "outer")))
        {
            using var inner = tracker.StartRun(new JobId("trading", "inner"), parent: scheduler);
            using var nested = tracker.StartRun(new JobId("trading", "nested"));
        }

        var starts = (await tracker.RunEventsAsync(transport)).Where(e => e.EventType == RunState.Start).ToDictionary(e => e.Job.Id.Name);
        Assert.Same(scheduler, starts["inner"].Run.Facets.Get<ParentRunFacet>());
        Assert.Equal(scheduler.RootRun, starts["nested"].Run.Facets.Get<ParentRunFacet>()!.RootRun);
    }

    [Fact]
    public async Task Operation_types_not_enabled_are_not_tracked()
    {
        await using var tracker = Trackers.InMemory(out var transport, options: new TrackerOptions { EnabledOperationTypes = new HashSet<OperationType> { OperationType.Write } });

        using (var read = tracker.StartRun(Trackers.Job, OperationType.Read))
        {
            Assert.False(read.IsRecording);
            read.Complete();
        }

        using (tracker.StartRun(Trackers.Job, OperationType.Write))
        {
        }

        var events = await tracker.RunEventsAsync(transport);
        Assert.All(events, e => Assert.Equal(OperationType.Write, e.Run.Facets.Get<OperationTypeRunFacet>()!.OperationType));
    }

    [Fact]
    public async Task Custom_run_and_job_facets_are_attached()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var sql = new SqlJobFacet("SELECT * FROM orders");

        using (var run = tracker.StartRun(Trackers.Job))
        {
            run.AddJobFacet(SqlJobFacet.Key, sql).AddRunFacet(NominalTimeRunFacet.Key, new NominalTimeRunFacet(Trackers.Start));
            run.Complete();
        }

        var complete = (await tracker.RunEventsAsync(transport))[1];
        Assert.Same(sql, complete.Job.Facets.Get<SqlJobFacet>());
        Assert.NotNull(complete.Run.Facets.Get<NominalTimeRunFacet>());
    }

    [Fact]
    public async Task A_disabled_tracker_records_nothing()
    {
        await using var tracker = LineageTracker.Create(new TrackerOptions { Enabled = false, Transport = new FailingTransport() });

        using var run = tracker.StartRun(Trackers.Job);
        run.AddInput(Trackers.Orders).Complete();

        Assert.False(tracker.IsEnabled);
        Assert.False(run.IsRecording);
        Assert.Equal(0, tracker.SentEvents);
    }

    [Fact]
    public async Task Emit_sends_ready_made_events_in_order()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var datasetEvent = new DatasetEvent { EventTime = Trackers.Start, Producer = "test", Dataset = new Dataset(Trackers.Orders) };

        tracker.Emit(datasetEvent);
        using (tracker.StartRun(Trackers.Job))
        {
        }

        await tracker.FlushAsync();
        Assert.Same(datasetEvent, transport.Events[0]);
        Assert.Equal(3, transport.Events.Count);
    }

    private static void ThrowFromHelper() => throw new InvalidOperationException("prices missing for 2024-01-15");
}
