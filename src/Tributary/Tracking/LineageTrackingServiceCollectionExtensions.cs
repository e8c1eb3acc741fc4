using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tributary.Tracking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Automatic tracking, the .NET way (the document's "repositories are tracked automatically"): the tracker is a
/// service, and repositories registered before <c>AddLineageTracking</c> are decorated, so their calls are tracked
/// with no change where they are called.
/// </summary>
public static class LineageTrackingServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="LineageTracker"/> made from <paramref name="config"/> (default <see cref="LineageConfig.Load(string?)"/>)
    /// as a singleton, made the global tracker when it is first resolved, with the container's <see cref="ILoggerFactory"/>
    /// and <see cref="TimeProvider"/> when it has them. With <c>track_repository_operations</c> on, every interface
    /// registered so far that has a [TrackLineage] method (or whose repository's <c>repository_settings</c> track all
    /// operations) is decorated: resolving it gives the implementation wrapped by the tracker. Register repositories
    /// first, then call this. Throws <see cref="ArgumentException"/> when the configuration is not valid.
    /// </summary>
    [RequiresDynamicCode("Tracked repositories are proxies generated at run time.")]
    [RequiresUnreferencedCode("Repository interfaces are read by reflection.")]
    public static IServiceCollection AddLineageTracking(this IServiceCollection services, LineageConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        config ??= LineageConfig.Load();
        config.ThrowIfInvalid();

        services.TryAddSingleton(provider =>
        {
            var tracker = new LineageTracker(config, provider.GetService<TimeProvider>(), provider.GetService<ILoggerFactory>());
            LineageTracker.SetGlobalTracker(tracker);
            return tracker;
        });
        return config.TrackRepositoryOperations ? Decorate(services, config) : services;
    }

    /// <summary>
    /// Registers an existing tracker (for example the one given to <c>SetGlobalTracker</c>) and decorates the
    /// repositories registered so far as <see cref="AddLineageTracking(IServiceCollection, LineageConfig?)"/> does. The
    /// container does not dispose the tracker.
    /// </summary>
    [RequiresDynamicCode("Tracked repositories are proxies generated at run time.")]
    [RequiresUnreferencedCode("Repository interfaces are read by reflection.")]
    public static IServiceCollection AddLineageTracking(this IServiceCollection services, LineageTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(tracker);
        services.TryAddSingleton(tracker);
        return tracker.Options.TrackRepositoryOperations ? Decorate(services, tracker.Config ?? LineageConfig.Default) : services;
    }

    [RequiresDynamicCode("Tracked repositories are proxies generated at run time.")]
    [RequiresUnreferencedCode("Repository interfaces are read by reflection.")]
    private static IServiceCollection Decorate(IServiceCollection services, LineageConfig config)
    {
        // Which interfaces are tracked is decided now, from their attributes and the configuration, the same
        // decision Wrap makes, so resolving an untracked service costs nothing extra.
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            var serviceType = descriptor.ServiceType;
            if (descriptor.IsKeyedService || !serviceType.IsInterface || serviceType.ContainsGenericParameters
                || descriptor.ImplementationFactory?.Target is Decoration || !LineageTracker.TracksCallsThrough(serviceType, config.RepositorySettings))
            {
                continue;
            }

            services[i] = ServiceDescriptor.Describe(serviceType, new Decoration(descriptor).Create, descriptor.Lifetime);
        }

        return services;
    }

    // Builds the original service as its registration says, then wraps it with the container's tracker.
    private sealed class Decoration(ServiceDescriptor original)
    {
        [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "AddLineageTracking, which makes decorations, carries the requirement.")]
        [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "AddLineageTracking, which makes decorations, carries the requirement.")]
        public object Create(IServiceProvider provider)
        {
            var implementation = original.ImplementationInstance
                ?? original.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!);
            return provider.GetRequiredService<LineageTracker>().Wrap(original.ServiceType, implementation);
        }
    }
}
