namespace ProjectTracker.Directory;

/// <summary>What enterprises ask about; routing rules map each to default departments.</summary>
public enum Category
{
    Funding,            // 资金
    Talent,             // 人才
    Labour,             // 用工
    LandAndPlant,       // 用地/厂房
    ApprovalsAndPermits,// 审批/证照
    PolicyBenefits,     // 惠企政策
    Infrastructure,     // 基础设施与水电气暖
    Housing,            // 职工住房
    Other,
}
