namespace Namespaces.Generators.Model;

/// <summary>
/// Identifiers the generated code introduces. Each is picked so that it cannot equal a parameter name
/// of the user's method (see <see cref="Parsing.IdentifierChooser"/>).
/// </summary>
/// <param name="StateType">The argument struct, e.g. <c>__Interfaces_State</c>.</param>
/// <param name="SetParameter">The namespace set parameter, <c>set</c> unless the user has one.</param>
/// <param name="CancellationTokenParameter">The async overload's token, <c>cancellationToken</c> unless the user has one.</param>
/// <param name="StateLocal">The synchronous overload's local holding the arguments.</param>
/// <param name="LambdaParameter">The static lambda's parameter.</param>
/// <param name="ThisField">The argument struct's field holding <c>this</c> for instance methods.</param>
internal sealed record GeneratedNames(
    string StateType,
    string SetParameter,
    string CancellationTokenParameter,
    string StateLocal,
    string LambdaParameter,
    string ThisField);
