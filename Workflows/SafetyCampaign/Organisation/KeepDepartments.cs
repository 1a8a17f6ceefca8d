using Governance.Engine;
using Governance.Engine.Runtime;
using Governance.Workflows.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.SafetyCampaign.Organisation;

/// <summary>The administrator adds a city department (市直部门), with its office email if it has one; its 事权 stay as deployed.</summary>
public sealed record AddDepartment(int CityId, string? Code, string? Name, string? Email = null);

/// <summary>The administrator renames a department (机构改革 renames more often than it moves 事权).</summary>
public sealed record RenameDepartment(int DepartmentId, string? Name);

/// <summary>The administrator sets a department's office email (empty: it has none), where its part of a 联合办理 is warned and alerted.</summary>
public sealed record SetDepartmentEmail(int DepartmentId, string? Email);

public sealed class KeepDepartmentsHandler(WorkflowRuntime runtime)
{
    public Task<Department> HandleAsync(AddDepartment command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Roles.RequireAdmin(actor, "只有系统管理员可以维护组织");
        var email = OfficeEmail(command.Email);
        new Validation()
            .Code(command.Code)
            .Text(command.Name, "name", 100)
            .Check(email is null || PersonalData.IsEmail(email), "email", "邮箱地址格式不正确")
            .ThrowIfInvalid();
        var (code, name) = (command.Code!.Trim(), command.Name!.Trim());

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var city = await db.Set<City>().SingleOrDefaultAsync(c => c.Id == command.CityId, token);
            new Validation()
                .Check(city is not null, "cityId", "市不存在")
                .Check(!await db.Set<Department>().AnyAsync(d => d.Code == code, token), "code", "编码已被使用")
                .ThrowIfInvalid();
            var department = new Department(code, name, email);
            city!.Departments.Add(department);
            return department;
        }, ct);
    }

    public Task<Department> HandleAsync(RenameDepartment command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Roles.RequireAdmin(actor, "只有系统管理员可以维护组织");
        new Validation().Text(command.Name, "name", 100).ThrowIfInvalid();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var department = await db.Set<Department>().SingleOrDefaultAsync(d => d.Id == command.DepartmentId, token);
            new Validation().Check(department is not null, "departmentId", "部门不存在").ThrowIfInvalid();
            department!.Rename(command.Name!.Trim());
            return department;
        }, ct);
    }

    public Task<Department> HandleAsync(SetDepartmentEmail command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Roles.RequireAdmin(actor, "只有系统管理员可以维护组织");
        var email = OfficeEmail(command.Email);
        new Validation().Check(email is null || PersonalData.IsEmail(email), "email", "邮箱地址格式不正确").ThrowIfInvalid();

        return runtime.InTransactionAsync(async (db, token) =>
        {
            var department = await db.Set<Department>().SingleOrDefaultAsync(d => d.Id == command.DepartmentId, token);
            new Validation().Check(department is not null, "departmentId", "部门不存在").ThrowIfInvalid();
            department!.SetEmail(email);
            return department;
        }, ct);
    }

    /// <summary>An office email as entered: trimmed, none when blank.</summary>
    private static string? OfficeEmail(string? entered) => string.IsNullOrWhiteSpace(entered) ? null : entered.Trim();
}
